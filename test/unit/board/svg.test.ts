import * as assert from 'assert';
import { boardToSvg } from '../../../src/shared/board/svg';
import { FONT_SANS } from '../../../src/shared/board/style';
import { sample } from './arbitraries';

describe('SVG export', () => {
  const frame = { x: -10, y: -10, w: 520, h: 470 };

  it('draws every shape type on the export paper, sized to the frame', () => {
    const svg = boardToSvg(Object.values(sample), frame);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="520" height="470" viewBox="-10 -10 520 470">/);
    assert.match(svg, /<rect x="-10" y="-10" width="520" height="470" fill="#ffffff"\/>/);
    for (const el of ['<path d="M0 0', '<line ', '<rect x="100"', '<ellipse ', '<text ']) assert.ok(svg.includes(el), el);
    assert.ok(svg.includes('stroke="#1f2328"'), 'ink is near-black on paper');
    assert.ok(svg.includes('stroke-opacity="0.35"'), 'the highlighter is translucent');
  });

  it('keeps CJK text and the CJK font stack, escaped', () => {
    const svg = boardToSvg([{ ...sample.text, text: '<登录> & "重试"' }], frame);
    assert.ok(svg.includes('&lt;登录&gt; &amp; &quot;重试&quot;'));
    assert.ok(svg.includes('WenQuanYi Micro Hei') && svg.includes('Microsoft YaHei') && svg.includes('PingFang SC'));
    assert.ok(svg.includes(FONT_SANS.replace(/"/g, '&quot;')));
  });

  it('writes one tspan per line so code keeps its layout', () => {
    const svg = boardToSvg([sample.code], frame);
    assert.strictEqual(svg.match(/<tspan /g)?.length, 2);
    assert.ok(svg.includes('xml:space="preserve"'));
  });
});
