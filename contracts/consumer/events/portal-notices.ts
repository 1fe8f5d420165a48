import type {
  InvoicePostedPayload,
  LicenseActivatedPayload,
  LicenseIssuedPayload,
  LicenseRevokedPayload,
} from '../../../generated/canonical-events-v1/events.js';

/** A notice the customer portal shows on the subscription or billing page. */
export interface PortalNotice {
  notice: 'license-ready' | 'license-active' | 'license-revoked' | 'invoice-due';
  about: string;
  text: string;
}

type LicenseEvent = LicenseIssuedPayload | LicenseActivatedPayload | LicenseRevokedPayload;

const LICENSE_NOTICES = {
  issued: 'license-ready',
  active: 'license-active',
  revoked: 'license-revoked',
} as const;

/** Tells the customer about a license by its status; an expired license needs no notice. */
export function licenseNotice(event: LicenseEvent): PortalNotice | undefined {
  const license = event.data;
  if (!license || license.status === 'expired') return undefined;
  return {
    notice: LICENSE_NOTICES[license.status],
    about: license.subscriptionNumber,
    text: `${license.planCode}, ${license.seats} seats, until ${license.expiresAt.slice(0, 10)}`,
  };
}

/** Tells the customer a posted invoice is due, with its total and due date. */
export function invoiceNotice(event: InvoicePostedPayload): PortalNotice | undefined {
  const invoice = event.data;
  if (!invoice) return undefined;
  return {
    notice: 'invoice-due',
    about: invoice.invoiceNumber,
    text: `${invoice.total.amount} ${invoice.total.currency} due ${invoice.dueDate}`,
  };
}
