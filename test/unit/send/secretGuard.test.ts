import * as assert from 'node:assert/strict';
import { findLikelySecrets, isPlaceholder, maskValue, SECRET_KIND_NAMES, SecretKind } from '../../../src/core/send/secretGuard';

// Fake credentials are assembled at run time so this file does not itself look like it leaks any.
const rand = (n: number, alphabet = 'aB3dE5gH7jK9mN1pQ2sT4vW6yZ8'): string => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const hex = (n: number): string => Array.from({ length: n }, (_, i) => '0123456789abcdef'[(i * 5 + 1) % 16]).join('');
const b64url = (obj: object): string => Buffer.from(JSON.stringify(obj)).toString('base64url');

const AWS = 'AKIA' + 'Q3EGRXZ7K2M4N5P6';
const LTAI = 'LTAI' + '5tQ8mZ3kP9xW2rV7nB4c';
const ALI_SECRET = rand(30);
const GHP = 'ghp' + '_' + rand(36);
const GH_PAT = 'github' + '_pat_' + rand(22) + '_' + rand(59);
const GLPAT = 'glpat' + '-' + rand(20);
const SLACK = 'xoxb' + '-' + '1234567890-0987654321-' + rand(24);
const GOOGLE = 'AIza' + 'Sy' + rand(33);
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'John' })}.${rand(43)}`;
const WEBHOOK_TOKEN = hex(64);
const SIGNING = 'SEC' + hex(64);
const APP_SECRET = rand(64, 'abcdefghijKLMNOPQRST0123456789_-');

interface Case {
  kind: SecretKind;
  text: string;
  value: string;
}

const positives: Case[] = [
  { kind: 'privateKey', text: `const pem = \`\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA${rand(40)}\n-----END RSA PRIVATE KEY-----\``, value: '-----BEGIN RSA PRIVATE KEY-----' },
  { kind: 'privateKey', text: '-----BEGIN OPENSSH PRIVATE KEY-----', value: '-----BEGIN OPENSSH PRIVATE KEY-----' },
  { kind: 'privateKey', text: 'key: |\n  -----BEGIN PRIVATE KEY-----', value: '-----BEGIN PRIVATE KEY-----' },
  { kind: 'awsAccessKeyId', text: `aws_access_key_id = ${AWS}`, value: AWS },
  { kind: 'awsAccessKeyId', text: `"AccessKeyId": "ASIA${AWS.slice(4)}"`, value: `ASIA${AWS.slice(4)}` },
  { kind: 'alibabaAccessKeyId', text: `const client = new Client({ accessKeyId: '${LTAI}' });`, value: LTAI },
  { kind: 'githubToken', text: `GITHUB_TOKEN=${GHP}`, value: GHP },
  { kind: 'githubToken', text: `auth: "${GH_PAT}"`, value: GH_PAT },
  { kind: 'githubToken', text: `curl -H "Authorization: token gho_${rand(36)}"`, value: `gho_${rand(36)}` },
  { kind: 'gitlabToken', text: `private_token: ${GLPAT}`, value: GLPAT },
  { kind: 'slackToken', text: `SLACK_BOT=${SLACK}`, value: SLACK },
  { kind: 'googleApiKey', text: `<script src="https://maps.googleapis.com/maps/api/js?key=${GOOGLE}"></script>`, value: GOOGLE },
  { kind: 'jwt', text: `Authorization: Bearer ${JWT}`, value: JWT },
  { kind: 'dingtalkWebhook', text: `https://oapi.dingtalk.com/robot/send?access_token=${WEBHOOK_TOKEN}`, value: WEBHOOK_TOKEN },
  { kind: 'dingtalkSigningSecret', text: `const secret = '${SIGNING}';`, value: SIGNING },
  { kind: 'dingtalkAppSecret', text: `appSecret: "${APP_SECRET}"`, value: APP_SECRET },
  { kind: 'dingtalkAppSecret', text: `DINGTALK_APP_SECRET=${APP_SECRET}`, value: APP_SECRET },
  { kind: 'dingtalkAppSecret', text: `// 钉钉\nclient_secret = "${APP_SECRET}"`, value: APP_SECRET },
  { kind: 'connectionStringPassword', text: 'DATABASE_URL=postgres://app:S3cure-Pa55@db.internal:5432/app', value: 'S3cure-Pa55' },
  { kind: 'connectionStringPassword', text: "mongoose.connect('mongodb+srv://admin:hunter22@cluster0.example.net/test')", value: 'hunter22' },
  { kind: 'secretAssignment', text: 'password = "correct horse battery"', value: 'correct horse battery' },
  { kind: 'secretAssignment', text: "config = { api_key: 'k-82hf73jd9s' }", value: 'k-82hf73jd9s' },
  { kind: 'secretAssignment', text: '{\n  "clientSecret": "d8f7a6s5d4f3"\n}', value: 'd8f7a6s5d4f3' },
  { kind: 'secretAssignment', text: 'db:\n  password: Tr0ub4dor3\n', value: 'Tr0ub4dor3' },
  { kind: 'secretAssignment', text: 'API_TOKEN=9f8s7d6f5g4h3j2k', value: '9f8s7d6f5g4h3j2k' },
  { kind: 'secretAssignment', text: 'export SECRET_KEY=\'s3cr3t!value\'', value: 's3cr3t!value' },
  { kind: 'secretAssignment', text: 'token := "abc123def456"', value: 'abc123def456' },
  { kind: 'secretAssignment', text: "$password = 'pa55w0rd!';", value: 'pa55w0rd!' },
  { kind: 'secretAssignment', text: 'auth_token: `zz9-yy8-xx7`', value: 'zz9-yy8-xx7' },
];

describe('send/secretGuard', () => {
  for (const c of positives) {
    it(`finds ${c.kind}: ${c.text.split('\n').pop()!.slice(0, 50)}`, () => {
      const findings = findLikelySecrets(c.text);
      const match = findings.find((f) => f.kind === c.kind);
      assert.ok(match, `no ${c.kind} in ${JSON.stringify(findings)}`);
      assert.equal(c.text.substr(match.offset, match.length), c.value);
      assert.equal(match.name, SECRET_KIND_NAMES[c.kind]);
      if (c.kind !== 'privateKey') {
        assert.ok(!match.preview.includes(c.value), 'preview must be masked');
        assert.ok(match.preview.length <= 9, `preview too long: ${match.preview}`);
      }
    });
  }

  it('Alibaba AccessKey secret next to its id', () => {
    const text = [`accessKeyId: '${LTAI}',`, `accessKeySecret: '${ALI_SECRET}',`].join('\n');
    const kinds = findLikelySecrets(text).map((f) => f.kind);
    assert.deepEqual(kinds, ['alibabaAccessKeyId', 'alibabaAccessKeySecret']);
    const nearOnly = [`ak = "${LTAI}"`, `sk_secret = "${ALI_SECRET}"`].join('\n');
    assert.deepEqual(findLikelySecrets(nearOnly).map((f) => f.kind), ['alibabaAccessKeyId', 'alibabaAccessKeySecret']);
  });

  it('reports line and column (1-based, any line ending), offset and length', () => {
    const text = `first line\r\nsecond\r\n  const t = "${GHP}";\rlast ${AWS}`;
    const [gh, aws] = findLikelySecrets(text);
    assert.equal(gh.kind, 'githubToken');
    assert.equal(gh.line, 3);
    assert.equal(gh.column, 14);
    assert.equal(aws.kind, 'awsAccessKeyId');
    assert.equal(aws.line, 4);
    assert.equal(aws.column, 6);
    assert.equal(text.slice(aws.offset, aws.offset + aws.length), AWS);
  });

  it('a specific finding wins over the generic assignment holding it; results sorted', () => {
    const text = `const token = "${GHP}";\npassword = "another-secret-1"`;
    const findings = findLikelySecrets(text);
    assert.deepEqual(findings.map((f) => f.kind), ['githubToken', 'secretAssignment']);
    const url = `const url = "https://oapi.dingtalk.com/robot/send?access_token=${WEBHOOK_TOKEN}"`;
    assert.deepEqual(findLikelySecrets(url).map((f) => f.kind), ['dingtalkWebhook']);
    const conn = `REDIS=redis://:${GHP}@cache:6379`;
    assert.deepEqual(findLikelySecrets(conn).map((f) => f.kind), ['githubToken']);
  });

  describe('no false positives', () => {
    const negatives = [
      'password = ""',
      "password: ''",
      'token = "xxx"',
      'token = "xxxxxxxxxxxxxxxx"',
      'api_key: "***"',
      'secret = "********"',
      'token: "<your-token>"',
      'API_KEY=<YOUR_API_KEY>',
      'password = "changeme"',
      'PASSWORD=change_me',
      'password: "${DB_PASSWORD}"',
      'DB_PASSWORD=${DB_PASSWORD}',
      'password = "{{ vault_password }}"',
      'const token = process.env.GITHUB_TOKEN;',
      'api_key = os.environ["API_KEY"]',
      'secret = os.getenv("SECRET")',
      'token = os.environ.get("TOKEN")',
      'password = "abc"',
      'pwd=12345',
      'const password = userInput;',
      'this.token = token;',
      'token: string;',
      'private readonly secret: SecretStorage;',
      'password: str',
      'password = get_password()',
      'const apiKey = config.apiKey;',
      'token = await getToken(user)',
      'if (password === "hunter2") {}',
      'if (token == null) return;',
      'token_type: "Bearer"',
      'password_length = 12345678',
      'secretName: "prod-db-credentials"',
      'tokens.forEach(token => console.log(token))',
      'token_url = "https://auth.example.com/oauth/token"',
      'postgres://user:password@localhost/db',
      'postgres://user:${PASS}@localhost/db',
      'mongodb+srv://admin:<password>@cluster0.example.net',
      'https://example.com/path?q=1',
      'const sha = "' + hex(64) + '";',
      'eyJhbGciOi.notajwt.atall',
      `${b64url({ typ: 'JWT' })}.${b64url({ sub: 'x' })}.${rand(20)}`,
      'AKIAEXAMPLE',
      'ghp_short',
      'the password is stored in the keychain',
      'password: Optional[str] = None',
      'let secret = None;',
      'token: true',
      'secret = "your_secret_here"',
      'api_key = "example-key"',
      'const passwordField = document.querySelector("#password")',
    ];
    for (const text of negatives) {
      it(text, () => {
        assert.deepEqual(findLikelySecrets(text), []);
      });
    }
  });

  it('isPlaceholder and maskValue', () => {
    for (const p of ['', 'xxx', '***', '<token>', '${X}', '$TOKEN', '%TOKEN%', 'changeme', 'YOUR_TOKEN_HERE', 'process.env.A', '…']) assert.ok(isPlaceholder(p), p);
    for (const v of ['hunter22', 'S3cure-Pa55', GHP]) assert.ok(!isPlaceholder(v), v);
    assert.equal(maskValue('abcdefghijklmnopqrst'), 'abcd…qrst');
    assert.equal(maskValue('abcdefghij'), 'ab…ij');
    assert.equal(maskValue('abc'), '•••');
    assert.equal(maskValue('😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀'), '😀😀😀😀…😀😀😀😀');
  });

  it('scans 1 MB of ordinary code quickly and finds a needle in it', () => {
    const hay = Array.from({ length: 20_000 }, (_, i) => `  const value${i} = compute(${i}, "text ${i}"); // token count ${i}`).join('\n');
    assert.deepEqual(findLikelySecrets(hay), []);
    const findings = findLikelySecrets(`${hay}\nconst k = "${GHP}";`);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].line, 20_001);
  });

  it('never throws on odd input', () => {
    for (const text of ['', '\uD800', '=', ':', '"', 'a='.repeat(1000), `password=${'x'.repeat(400)}`, null as unknown as string]) {
      assert.ok(Array.isArray(findLikelySecrets(text)));
    }
  });
});
