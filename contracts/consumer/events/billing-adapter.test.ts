import { describe, expect, it } from 'vitest';

import { receiveEvent } from '../../support/event-interaction.js';
import { startPact } from '../../support/pact-files.js';
import { contactCommand, orderCommand } from './billing-commands.js';

const pact = startPact('billing-adapter', 'canonical-events-v1');

describe('the billing adapter receiving canonical events', () => {
  it('turns an accepted order into a billing order with its subscriptions', async () => {
    expect(await receiveEvent(pact, 'order.created', orderCommand)).toStrictEqual({
      command: 'create-order',
      orderNumber: 'O-00001234',
      accountId: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
      subscriptions: ['S-00004567'],
    });
  });

  it('copies a changed bill-to contact to billing', async () => {
    expect(await receiveEvent(pact, 'contact.updated', contactCommand)).toStrictEqual({
      command: 'update-bill-to',
      contactId: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f',
      name: 'Jana Schmidt',
      email: 'jana.schmidt@acme-robotics.example',
    });
  });
});
