import { COMMAND_TYPES } from '../../../../../libs/domain/src';
import { initialValues, toPayload } from './form-values';
import { commandFields, fieldsOf, payloadSchemaOf } from './schema';

describe('generated command forms', () => {
  it('should model each payload field with the right kind, members chosen by name', () => {
    const kinds = (type: string) => Object.fromEntries(commandFields(type).map((f) => [f.name, f.kind]));
    expect(kinds('RecordCounsellingSession')).toEqual({
      language: 'string',
      interpreterUsed: 'boolean',
      mode: 'enum',
      topics: 'string-array',
    });
    expect(kinds('RecordDocumentIssued')).toMatchObject({
      memberId: 'member',
      documentType: 'enum',
      expiresOn: 'date',
    });
    expect(kinds('RecordExitAuthorization')).toMatchObject({ memberId: 'member', granted: 'boolean', fine: 'object' });
    expect(kinds('RecordRapidVulnerabilityScreening')).toEqual({ findings: 'object-array' });
    expect(kinds('ConfirmBooking')).toMatchObject({ departureDate: 'date', bookingHoldUntil: 'date-time' });
  });

  it('should find the payload schema of every command type of the domain in the document', () => {
    expect(COMMAND_TYPES.filter((t) => !payloadSchemaOf(t))).toEqual([]);
  });

  it('should leave out empty optional fields and convert the rest', () => {
    const fields = commandFields('RecordCounsellingSession');
    const values = { ...initialValues(fields), language: ' fr ', mode: 'IN_PERSON', topics: 'RETURN, RIGHTS,' };
    expect(toPayload(fields, values)).toEqual({
      language: 'fr',
      interpreterUsed: false,
      mode: 'IN_PERSON',
      topics: ['RETURN', 'RIGHTS'],
    });
  });

  it('should drop an optional nested object left empty, and keep it once filled', () => {
    const fields = commandFields('RecordExitAuthorization');
    const empty = { ...initialValues(fields), memberId: 'm1', granted: true };
    expect(toPayload(fields, empty)).toEqual({ memberId: 'm1', granted: true });
    const fine = fieldsOf(payloadSchemaOf('RecordExitAuthorization')!).find((f) => f.name === 'fine')!;
    const filled = { ...empty, fine: { ...initialValues(fine.fields!), amount: '100', currency: 'MAD' } };
    expect(toPayload(fields, filled)).toMatchObject({ fine: { amount: 100, currency: 'MAD' } });
  });
});
