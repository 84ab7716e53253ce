import { slaAlertRecipients, slaOwnerOffice } from './sla-ownership';

describe('SLA ownership and alert recipients (AVRR.md §9)', () => {
  it.each([
    ['DOCUMENTATION', 'RABAT', 'DAKAR', 'RABAT'],
    ['DEPARTED', 'RABAT', 'DAKAR', 'RABAT'],
    ['ARRIVED', 'RABAT', 'DAKAR', 'DAKAR'],
    ['MONITORING', 'RABAT', 'DAKAR', 'DAKAR'],
    ['PLAN_AGREED', 'RABAT', null, 'RABAT'],
    ['CLOSED', 'RABAT', 'DAKAR', 'RABAT'],
  ] as const)(
    'should give a %s case of host %s / receiving %s to %s',
    (stage, hostOffice, receivingOffice, expected) => {
      expect(slaOwnerOffice({ stage, hostOffice, receivingOffice })).toBe(expected);
    },
  );

  it("should raise an alert for the owner's officers and escalate to its supervisors and to operations everywhere", () => {
    expect(slaAlertRecipients('ALERT', 'DAKAR')).toEqual([{ role: 'officer', office: 'DAKAR' }]);
    expect(slaAlertRecipients('ESCALATE', 'DAKAR')).toEqual([
      { role: 'supervisor', office: 'DAKAR' },
      { role: 'operations', office: null },
    ]);
  });
});
