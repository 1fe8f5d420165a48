import { describe, expect, it } from 'vitest';

import { billingSnapshotOf, isNewerPayment } from './crm-snapshot.js';

describe('billingSnapshotOf', () => {
  const payment = { erpId: '1003', date: '2026-11-19', amount: '200.50', currency: 'EUR' };

  it.each([
    { title: 'the balance billing reported', balance: 1190.25, want: 1190.25 },
    { title: 'a zero balance', balance: 0, want: 0 },
    { title: 'null when billing reported no balance', balance: undefined, want: null },
  ])('records the payment with $title', ({ balance, want }) => {
    expect(billingSnapshotOf(payment, balance)).toStrictEqual({
      Last_Payment_Date__c: '2026-11-19',
      Last_Payment_Amount__c: 200.5,
      Last_Payment_Currency__c: 'EUR',
      Last_Payment_ERP_Id__c: '1003',
      Open_Balance__c: want,
    });
  });
});

describe('isNewerPayment', () => {
  const snapshot = { Last_Payment_Date__c: '2026-11-19', Last_Payment_ERP_Id__c: '1003' };

  it.each([
    { title: 'an account that records no payment', current: {}, want: true },
    {
      title: 'an account that records an earlier date',
      current: { Last_Payment_Date__c: '2026-11-18', Last_Payment_ERP_Id__c: '2000' },
      want: true,
    },
    {
      title: 'an account that records a later date',
      current: { Last_Payment_Date__c: '2026-11-20', Last_Payment_ERP_Id__c: '1' },
      want: false,
    },
    {
      title: 'the same date and a lower ERP id',
      current: { Last_Payment_Date__c: '2026-11-19', Last_Payment_ERP_Id__c: '999' },
      want: true,
    },
    {
      title: 'the same date and a higher ERP id',
      current: { Last_Payment_Date__c: '2026-11-19', Last_Payment_ERP_Id__c: '1004' },
      want: false,
    },
    {
      title: 'the same payment',
      current: { Last_Payment_Date__c: '2026-11-19', Last_Payment_ERP_Id__c: '1003' },
      want: false,
    },
  ])('is $want against $title', ({ current, want }) => {
    expect(isNewerPayment(snapshot, current)).toBe(want);
  });
});
