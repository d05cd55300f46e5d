// Addresses in the CRM's web app. HighLevel's contact page is
// {appUrl}/v2/location/{locationId}/contacts/detail/{contactId}; a white-labelled CRM (such as
// Leadway's) serves the same app under its own domain, set in voiceAi.appUrl. Pure: unit-tested.
export const DEFAULT_APP_URL = 'https://app.gohighlevel.com';

/** The contact's page in the CRM; ids are path segments, encoded as such. */
export function contactUrl(appUrl: string, locationId: string, contactId: string): string {
  const base = appUrl.replace(/\/+$/, '');
  return `${base}/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;
}
