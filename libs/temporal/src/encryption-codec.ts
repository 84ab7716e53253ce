import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CaseKeyring, isCaseId } from './case-keyring';

export const ENCODING = 'binary/encrypted';
const METADATA_KEY_ID = 'encryption-key-id';
/** Key ids of per-case data keys: `case:<case id>` (a master key id never starts so). */
const CASE_KEY_PREFIX = 'case:';
export const caseKeyId = (caseId: string): string => `${CASE_KEY_PREFIX}${caseId}`;

/** The case a payload belongs to, from the SDK's serialization context: the case workflow's id is the case id. */
function caseOf(context: SerializationContext | undefined): string | undefined {
  const workflowId = context?.workflowId;
  return isCaseId(workflowId) ? workflowId : undefined;
}
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * AES-256-GCM over the whole serialised payload, so every workflow input, update, result and activity argument is
 * ciphertext in Temporal's store and UI. The key id travels in the payload metadata so keys can rotate: new payloads
 * use the active key, old ones are decrypted with the key they name.
 *
 * With a CaseKeyring, the payloads of a case workflow (and of its activities) are encrypted under that case's own data
 * key (key id `case:<caseId>`), taken from the SDK's serialization context; destroying the key at retention makes
 * the case's history undecodable (crypto-shredding). Payloads without a case context (the Temporal UI's encode call,
 * other workflows) and every payload written before per-case keys existed stay under the master keys.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: Record<string, Buffer>,
    private readonly activeKeyId: string,
    private readonly keyring?: CaseKeyring,
    /** false: new payloads stay under the master key (the keyring still decodes case-key payloads). */
    private readonly caseKeys = true,
  ) {
    if (!keys[activeKeyId]) throw new Error(`payload codec: active key "${activeKeyId}" is not configured`);
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (payloads.length === 0) return payloads;
    const caseId = this.keyring && this.caseKeys ? caseOf(context) : undefined;
    const keyId = caseId ? caseKeyId(caseId) : this.activeKeyId;
    const key = caseId ? await this.keyring!.keyForEncode(caseId) : this.keys[this.activeKeyId];
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: encoder.encode(ENCODING),
          [METADATA_KEY_ID]: encoder.encode(keyId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return this.decodeWith(payloads, false);
  }

  /** Decodes looking each case key up afresh (no cache): the codec endpoint, so a destroyed key fails at once. */
  async decodeFresh(payloads: Payload[]): Promise<Payload[]> {
    return this.decodeWith(payloads, true);
  }

  private async keyFor(keyId: string, fresh: boolean): Promise<Buffer> {
    if (keyId.startsWith(CASE_KEY_PREFIX)) {
      if (!this.keyring) throw new Error(`payload codec: no case keyring to decrypt a payload of ${keyId}`);
      return this.keyring.keyForDecode(keyId.slice(CASE_KEY_PREFIX.length), fresh);
    }
    const key = this.keys[keyId];
    if (!key) throw new Error(`payload codec: no key "${keyId}" to decrypt this payload`);
    return key;
  }

  private async decodeWith(payloads: Payload[], fresh: boolean): Promise<Payload[]> {
    const out: Payload[] = [];
    for (const payload of payloads) {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decoder.decode(encoding) !== ENCODING) {
        out.push(payload);
        continue;
      }
      const keyIdBytes = payload.metadata?.[METADATA_KEY_ID];
      const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
      const key = await this.keyFor(keyId, fresh);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      out.push(temporal.api.common.v1.Payload.decode(plain));
    }
    return out;
  }
}
