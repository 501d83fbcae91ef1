/**
 * Finds DingTalk credentials pasted into settings.json (where they would be stored in plain text and may be
 * committed), so the extension can offer to move them into the OS keychain.
 */
export interface PastedSecret {
  /** Where it was found, for the message, e.g. `dingtalk.robots[0].url`. */
  readonly path: string;
  /** The top-level setting under the section that holds it (what must be removed), e.g. `robots`. */
  readonly settingKey: string;
  readonly kind: 'webhookUrl' | 'signingSecret' | 'appSecret';
  readonly value: string;
}

const WEBHOOK = /^https?:\/\/[^\s]+\/robot\/send\?(?:[^\s]*&)?access_token=[A-Za-z0-9]{16,}/;
const SIGNING_SECRET = /^SEC[0-9a-f]{64}$/i;

/** Walks a settings object (the `dingtalk` section's values at one level) and reports credentials in it. */
export function findPastedSecrets(section: string, values: Readonly<Record<string, unknown>>): PastedSecret[] {
  const found: PastedSecret[] = [];
  const visit = (settingKey: string, path: string, value: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof value === 'string') {
      const v = value.trim();
      if (WEBHOOK.test(v)) found.push({ path, settingKey, kind: 'webhookUrl', value: v });
      else if (SIGNING_SECRET.test(v)) found.push({ path, settingKey, kind: 'signingSecret', value: v });
      else if (/app_?secret|client_?secret/i.test(path) && v.length >= 16) found.push({ path, settingKey, kind: 'appSecret', value: v });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(settingKey, `${path}[${i}]`, v, depth + 1));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(settingKey, `${path}.${k}`, v, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(values)) visit(k, `${section}.${k}`, v, 0);
  return found;
}
