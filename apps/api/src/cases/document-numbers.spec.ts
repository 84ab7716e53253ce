import { takeDocumentNumbers } from './document-numbers';

describe('takeDocumentNumbers', () => {
  it('should take the number out of a RecordDocumentIssued payload, so it never reaches the workflow', () => {
    const payload: Record<string, unknown> = { memberId: 'm1', documentRef: 'doc-1', documentNumber: 'ab 12-34' };
    expect(takeDocumentNumbers('RecordDocumentIssued', payload)).toEqual({
      numbers: [{ memberId: 'm1', number: 'ab 12-34' }],
    });
    expect(payload).toEqual({ memberId: 'm1', documentRef: 'doc-1' });
  });

  it('should take each passport number out of RecordDocumentsAlreadyValid, with its member', () => {
    const payload = { documents: [{ memberId: 'm1', documentNumber: 'P1234567' }, { memberId: 'm2' }] };
    expect(takeDocumentNumbers('RecordDocumentsAlreadyValid', payload)).toEqual({
      numbers: [{ memberId: 'm1', number: 'P1234567' }],
    });
    expect(payload.documents).toEqual([{ memberId: 'm1' }, { memberId: 'm2' }]);
  });

  it('should refuse a number without four letters or digits with a 400, and leave other commands alone', () => {
    expect(takeDocumentNumbers('RecordDocumentIssued', { memberId: 'm1', documentNumber: 'A-1-2' })).toEqual({
      numbers: [],
      invalid: 'payload.documentNumber',
    });
    const other = { memberId: 'm1', documentNumber: 'P1234567' };
    expect(takeDocumentNumbers('RecordNationality', other)).toEqual({ numbers: [] });
    expect(other).toHaveProperty('documentNumber');
  });
});
