import { normaliseDocumentNumber, type CaseCommand } from '@avrr/domain';

/**
 * Takes the document numbers out of a RecordDocumentIssued / RecordDocumentsAlreadyValid payload (they never reach
 * the workflow, whose rules refuse them): each with its member, for the keyed digests duplicate detection reads.
 * `invalid` names the first field whose number has fewer than four letters or digits (the caller answers 400).
 */
export function takeDocumentNumbers(
  type: CaseCommand['type'],
  payload: Record<string, unknown>,
): { numbers: { memberId: string; number: string }[]; invalid?: string } {
  const holders: Record<string, unknown>[] =
    type === 'RecordDocumentIssued'
      ? [payload]
      : type === 'RecordDocumentsAlreadyValid' && Array.isArray(payload.documents)
        ? (payload.documents as Record<string, unknown>[])
        : [];
  const numbers: { memberId: string; number: string }[] = [];
  let invalid: string | undefined;
  holders.forEach((h, i) => {
    if (!('documentNumber' in h)) return;
    const number = h.documentNumber;
    delete h.documentNumber;
    if (typeof number === 'string' && normaliseDocumentNumber(number))
      numbers.push({ memberId: String(h.memberId), number });
    else
      invalid ??= type === 'RecordDocumentIssued' ? 'payload.documentNumber' : `payload.documents[${i}].documentNumber`;
  });
  return invalid ? { numbers, invalid } : { numbers };
}
