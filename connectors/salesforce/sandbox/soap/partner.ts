import { SANDBOX_ORG_ID } from '../config.ts';
import { formatDateTime } from '../records/time.ts';
import type { SalesforceState } from '../state.ts';
import { convertLeads } from './convert-lead.ts';
import type { SoapEndpoint } from './route.ts';

/** The partner SOAP API calls jsforce's `conn.soap` makes that leadloop uses. */
export const PARTNER_NAMESPACE = 'urn:partner.soap.sforce.com';

export function partnerEndpoint(state: SalesforceState): SoapEndpoint {
  return {
    namespace: PARTNER_NAMESPACE,
    faultNamespace: 'urn:fault.partner.soap.sforce.com',
    limitHeader: true,
    operations: {
      convertLead: {
        kind: 'write',
        run: ({ args, session }) => convertLeads(state, session.userId, args),
      },
      getServerTimestamp: {
        kind: 'read',
        run: () => ({ timestamp: formatDateTime(state.clock.nowMs()).replace('+0000', 'Z') }),
      },
      getUserInfo: {
        kind: 'read',
        run: ({ session }) => {
          const user = state.store('User')!.get(session.userId)!;
          return {
            currencySymbol: '$',
            orgAttachmentFileSizeLimit: 5242880,
            orgDefaultCurrencyIsoCode: 'USD',
            orgDisallowHtmlAttachments: false,
            orgHasPersonAccounts: false,
            organizationId: SANDBOX_ORG_ID,
            organizationMultiCurrency: false,
            organizationName: 'Acme Analytics',
            profileId: '00eDn000000LdLpIAK',
            roleId: null,
            sessionSecondsValid: 7200,
            userEmail: String(user.values.Email),
            userFullName: String(user.values.Name),
            userId: user.id,
            userLanguage: 'en_US',
            userLocale: 'en_US',
            userName: String(user.values.Username),
            userTimeZone: String(user.values.TimeZoneSidKey),
            userType: 'Standard',
            userUiSkin: 'Theme3',
          };
        },
      },
    },
  };
}
