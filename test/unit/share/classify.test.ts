import * as assert from 'node:assert/strict';
import { planFor } from '../../../src/core/share/classify';

const MB = 1024 * 1024;

describe('how a shared item travels', () => {
  it('sends png, jpg, gif and bmp as images (a .jpeg under a .jpg name, which DingTalk lists)', () => {
    for (const name of ['a.png', 'b.JPG', 'c.gif', 'd.bmp']) assert.equal(planFor(name, false).kind, 'image', name);
    const jpeg = planFor('photo 照片.jpeg', false);
    assert.deepEqual([jpeg.kind, jpeg.mediaType, jpeg.uploadName, jpeg.maxUploadBytes], ['image', 'image', 'photo 照片.jpg', 20 * MB]);
  });

  it('sends what sampleFile accepts (xlsx, pdf, zip, rar, doc, docx) unchanged', () => {
    for (const ext of ['xlsx', 'pdf', 'zip', 'rar', 'doc', 'docx']) {
      const plan = planFor(`报告 v2.${ext}`, false);
      assert.deepEqual([plan.kind, plan.mediaType, plan.uploadName, plan.fileType], ['file', 'file', `报告 v2.${ext}`, ext]);
    }
  });

  it('zips everything else — including xls/ppt/pptx, which upload but sampleFile refuses — and every folder', () => {
    for (const name of ['main.ts', 'notes.txt', 'slides.pptx', 'old.xls', 'Makefile', '.env.example']) {
      const plan = planFor(name, false);
      assert.deepEqual([plan.kind, plan.uploadName, plan.fileType], ['zip', `${name}.zip`, 'zip'], name);
    }
    assert.equal(planFor('photos.png', true).kind, 'zip', 'a folder named like an image is still a folder');
    assert.equal(planFor('src', true).uploadName, 'src.zip');
  });
});
