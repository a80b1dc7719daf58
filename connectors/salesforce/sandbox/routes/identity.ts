import { NEWEST_API_VERSION, SANDBOX_ORG_ID } from '../config.ts';
import { formatDateTime } from '../records/time.ts';
import type { SalesforceState } from '../state.ts';

/** The identity service's answer for a user of the org (what `conn.identity()` reads). */
export function identity(state: SalesforceState, baseUrl: string, org: string, userId: string) {
  const user = state.store('User')!.get(userId);
  if (org !== SANDBOX_ORG_ID || user === undefined) return undefined;
  const v = `${NEWEST_API_VERSION}.0`;
  const values = user.values;
  const url = (path: string) => `${baseUrl}${path.replace('{version}', v)}`;
  return {
    id: `${baseUrl}/id/${SANDBOX_ORG_ID}/${user.id}`,
    asserted_user: true,
    user_id: user.id,
    organization_id: SANDBOX_ORG_ID,
    username: values.Username,
    nick_name: String(values.Username).split('@')[0],
    display_name: values.Name,
    email: values.Email,
    email_verified: true,
    first_name: values.FirstName,
    last_name: values.LastName,
    timezone: values.TimeZoneSidKey,
    photos: { picture: url('/profilephoto/005/F'), thumbnail: url('/profilephoto/005/T') },
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: 'US',
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: {
      enterprise: url(`/services/Soap/c/{version}/${SANDBOX_ORG_ID}`),
      metadata: url(`/services/Soap/m/{version}/${SANDBOX_ORG_ID}`),
      partner: url(`/services/Soap/u/{version}/${SANDBOX_ORG_ID}`),
      rest: url('/services/data/v{version}/'),
      sobjects: url('/services/data/v{version}/sobjects/'),
      search: url('/services/data/v{version}/search/'),
      query: url('/services/data/v{version}/query/'),
      recent: url('/services/data/v{version}/recent/'),
      tooling_soap: url(`/services/Soap/T/{version}/${SANDBOX_ORG_ID}`),
      tooling_rest: url('/services/data/v{version}/tooling/'),
      profile: url(`/${user.id}`),
      feeds: url('/services/data/v{version}/chatter/feeds'),
      groups: url('/services/data/v{version}/chatter/groups'),
      users: url('/services/data/v{version}/chatter/users'),
      feed_items: url('/services/data/v{version}/chatter/feed-items'),
      feed_elements: url('/services/data/v{version}/chatter/feed-elements'),
      custom_domain: baseUrl,
    },
    active: values.IsActive,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: formatDateTime(values.LastModifiedDate as number),
    is_app_installed: true,
  };
}
