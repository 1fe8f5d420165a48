import type { Store } from '../open-store.js';
import { platformDb } from './schema.js';

/** The counter every change to gateway configuration bumps; processes poll it to reload. */
export const CONFIG_REVISION = 'gateway-config-revision';

/** Records that gateway configuration changed; call it after the change is committed. */
export async function bumpConfigRevision(store: Store): Promise<number> {
  return store.nextSequence(CONFIG_REVISION);
}

/** The current configuration revision, 0 before the first change; reading never bumps it. */
export async function configRevision(store: Store): Promise<number> {
  const row = await platformDb(store)
    .selectFrom('sequences')
    .select('value')
    .where('name', '=', CONFIG_REVISION)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.value);
}
