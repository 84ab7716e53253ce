import { CodedHttpException, StaffUser } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { CaseKeyring, EncryptionCodec } from '@avrr/temporal';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { CodecPayloadJson } from './codec.dto';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_METADATA_KEYS = 32;

export type CodecOperation = 'decode' | 'encode';

/** Who asked, for the audit row. */
export interface CodecCaller {
  user: StaffUser;
  namespace?: string;
  origin?: string;
  requestId: string;
}

function invalid(index: number, why: string): CodedHttpException {
  return new CodedHttpException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `Invalid request: payloads[${index}]`, {
    fields: [{ field: `payloads[${index}]`, errors: [why] }],
  });
}

function bytesOf(value: unknown, index: number, what: string): Uint8Array {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value))
    throw invalid(index, `${what} must be base64`);
  return Buffer.from(value, 'base64');
}

/** The JSON form of Temporal's remote codec protocol to Payloads, refusing anything else with a 400. */
export function payloadsFromJson(items: CodecPayloadJson[]): Payload[] {
  return items.map((item, i) => {
    const { metadata, data, ...rest } = item as CodecPayloadJson & Record<string, unknown>;
    if (Object.keys(rest).length) throw invalid(i, `unknown fields: ${Object.keys(rest).slice(0, 5).join(', ')}`);
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)))
      throw invalid(i, 'metadata must be an object of base64 values');
    const entries = Object.entries(metadata ?? {});
    if (entries.length > MAX_METADATA_KEYS) throw invalid(i, `metadata has more than ${MAX_METADATA_KEYS} keys`);
    return {
      metadata: Object.fromEntries(entries.map(([k, v]) => [k, bytesOf(v, i, `metadata.${k.slice(0, 40)}`)])),
      data: data === undefined ? undefined : bytesOf(data, i, 'data'),
    };
  });
}

export function payloadsToJson(payloads: Payload[]): CodecPayloadJson[] {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    ...(p.data ? { data: b64(p.data) } : {}),
  }));
}

/**
 * Temporal's remote codec protocol over the same EncryptionCodec the client and the worker use, so the Temporal UI can
 * show plain payloads to the staff allowed to see them. Every call is audited (codec_audit) before it is answered.
 */
@Injectable()
export class CodecService {
  private readonly codec: EncryptionCodec;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly db: DataSource,
    keyring: CaseKeyring,
  ) {
    this.codec = new EncryptionCodec(config.payloadCodec.keys, config.payloadCodec.activeKeyId, keyring);
  }

  async run(operation: CodecOperation, items: CodecPayloadJson[], caller: CodecCaller): Promise<CodecPayloadJson[]> {
    const payloads = payloadsFromJson(items);
    let result: Payload[];
    try {
      // Case keys are looked up afresh: a case anonymised a moment ago no longer decodes here (crypto-shredding).
      result = operation === 'decode' ? await this.codec.decodeFresh(payloads) : await this.codec.encode(payloads);
    } catch {
      // A payload under an unknown or destroyed key, or altered (the GCM tag does not match): say so, never a 500.
      throw new CodedHttpException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'PAYLOAD_UNDECODABLE',
        'A payload could not be decrypted (unknown key id, or altered ciphertext)',
      );
    }
    // Audited before the answer leaves: a decode nobody recorded never reaches the browser.
    await this.db.query(
      `INSERT INTO codec_audit (actor_id, actor_role, operation, namespace, payload_count, origin, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        caller.user.id,
        caller.user.role,
        operation,
        caller.namespace?.slice(0, 255) ?? null,
        payloads.length,
        caller.origin?.slice(0, 255) ?? null,
        caller.requestId.slice(0, 64),
      ],
    );
    return payloadsToJson(result);
  }
}
