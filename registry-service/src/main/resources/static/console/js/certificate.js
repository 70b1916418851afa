// The link to a retirement's certificate. The PDF is served by reporting and needs the retiring account's key
// (or an administrator's or auditor's), so the link fetches it with the key from this tab and saves it.
import { config, getFile, h, problemBox, replace, saveBlob, storedKey } from './api.js';

export async function certificateLink(retirementId) {
  const { reportingUrl } = await config();
  const url = `${reportingUrl}/api/retirements/${encodeURIComponent(retirementId)}/certificate.pdf`;
  const status = h('div', { class: 'certificate-status', id: 'certificate-status', 'aria-live': 'polite' });
  const link = h('a', {
    href: url, id: 'certificate-link', class: 'certificate-link',
    onclick: async (event) => {
      event.preventDefault();
      const key = storedKey();
      if (!key) {
        replace(status, problemBox({
          title: 'API key needed',
          detail: 'the certificate is for the retiring account: enter its API key on the Retire or Reports page first',
        }));
        return;
      }
      replace(status, h('p', { role: 'status' }, 'Fetching the certificate…'));
      try {
        const { blob, filename } = await getFile(url, { key, mediaType: 'application/pdf' });
        saveBlob(blob, filename || `retirement-${retirementId}.pdf`);
        replace(status, h('p', { role: 'status', class: 'certificate-ready' },
          `Certificate saved: ${filename || `retirement-${retirementId}.pdf`} (${blob.size.toLocaleString('en-US')} bytes).`));
      } catch (error) {
        if (error.status === 404) {
          error.detail = `${error.detail} — reporting may not have processed this retirement yet; try again in a few seconds.`;
        }
        replace(status, problemBox(error));
      }
    },
  }, 'Retirement certificate (PDF)');
  return h('div', { class: 'certificate' }, h('p', {}, link), status);
}
