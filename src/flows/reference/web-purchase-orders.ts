import type { WebPurchase } from './web-purchase.js';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The order that creates the purchase's subscription, invoiced and paid at once. */
export function createOrder(accountNumber: string, purchase: WebPurchase) {
  const start = today();
  const triggerDates = (
    ['ContractEffective', 'ServiceActivation', 'CustomerAcceptance'] as const
  ).map((name) => ({ name, triggerDate: start }));
  return {
    orderDate: start,
    existingAccountNumber: accountNumber,
    description: `Web purchase ${purchase.checkoutId}: ${purchase.plan.planCode} x ${purchase.quantity}`,
    subscriptions: [
      {
        orderActions: [
          {
            type: 'CreateSubscription' as const,
            triggerDates,
            createSubscription: {
              subscribeToRatePlans: [
                {
                  productRatePlanId: purchase.plan.productRatePlanId,
                  chargeOverrides: [
                    {
                      productRatePlanChargeId: purchase.plan.productRatePlanChargeId,
                      pricing: { recurringPerUnit: { quantity: purchase.quantity } },
                    },
                  ],
                },
              ],
              terms: {
                initialTerm: {
                  termType: 'TERMED' as const,
                  period: 12,
                  periodType: 'Month' as const,
                  startDate: start,
                },
                renewalSetting: 'RENEW_WITH_SPECIFIC_TERM' as const,
                renewalTerms: [{ period: 12, periodType: 'Month' as const }],
                autoRenew: true,
              },
            },
          },
        ],
      },
    ],
    processingOptions: { runBilling: true, collectPayment: true },
  };
}

/** The order that cancels a subscription whose purchase failed after billing created it. */
export function cancelOrder(accountNumber: string, subscriptionNumber: string) {
  const date = today();
  return {
    orderDate: date,
    existingAccountNumber: accountNumber,
    description: 'Cancels a subscription whose web purchase failed after it was created.',
    subscriptions: [
      {
        subscriptionNumber,
        orderActions: [
          {
            type: 'CancelSubscription' as const,
            triggerDates: [{ name: 'ContractEffective' as const, triggerDate: date }],
            cancelSubscription: {
              cancellationPolicy: 'SpecificDate' as const,
              cancellationEffectiveDate: date,
            },
          },
        ],
      },
    ],
  };
}
