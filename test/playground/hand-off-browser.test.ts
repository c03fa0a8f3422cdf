// The playground in a real browser: the Terraform file readable in the page and shared as a file in
// the thread, the hand-over, and an edit of the extra CIDRs (the modal, its validation and the
// thread's replies). Without moto.
import { playgroundInBrowser, seen } from '../support/playground';

const playground = playgroundInBrowser();

it('shows the Terraform file, hands the peering over, and edits its extra CIDRs', async () => {
  await playground.scenario('U0BOB', 'hand-off', async (ui) => {
    await ui.openCreateModal();
    await ui.fillModal({
      'Aiven organization VPC': 'prod-eu · aws-eu-west-1 · 10.20.0.0/24',
      'AWS account ID': '210987654321',
      'AWS VPC region': 'eu-west-1 · Europe (Ireland)',
      'AWS VPC ID': 'vpc-0123456789abcdef0',
    });
    await ui.submitModal('Create peering');
    await ui.modal.waitFor({ state: 'detached' });
    const root = await ui.pinned('VPC peering');
    await ui.advanceClock('+5 s');
    await ui.sandboxShows('vpc-0123456789abcdef0 · PENDING_PEER');
    await ui.peerSide('Accepted in AWS');
    await ui.rootShows(root, 'Active');

    // The Terraform file, privately, readable in the page.
    await ui.click(root, 'Terraform');
    const file = ui.message('Terraform for this peering');
    const text = await seen(file);
    expect(text).toContain('Only visible to you');
    expect(text).toContain('resource "aiven_aws_org_vpc_peering_connection"');
    expect(text).toContain('import {');
    expect(text).toContain("shared as a file in the peering's thread");

    // The same file in the peering's thread as a real file: its name, its contents in the page, a download.
    await root.locator('.thread-summary').waitFor();
    await ui.openThread(root);
    const shared = ui.threadMessage('Terraform for this peering, asked for by');
    const card = shared.locator('.file');
    await card.waitFor();
    const name = await seen(card.locator('.file-name'));
    expect(name).toMatch(/^[a-z0-9_-]+\.tf$/);
    expect(text).toContain(name);
    await expect(seen(shared)).resolves.toContain('terraform plan');
    await card.getByRole('button', { name: 'View contents' }).click();
    const contents = card.locator('.file-contents', { hasText: 'import {' });
    await contents.waitFor();
    await expect(seen(contents)).resolves.toContain('resource "aiven_aws_org_vpc_peering_connection"');
    const href = await card.getByRole('link', { name: 'Download' }).getAttribute('href');
    const download = await ui.page.request.get(href as string);
    expect(download.headers()['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(await download.text()).toContain('resource "aiven_aws_org_vpc_peering_connection"');

    // Edit CIDRs: the experimental warning, a refused line with its canonical form, then the change.
    await ui.click(root, 'Edit CIDRs…');
    await expect(seen(ui.modal)).resolves.toContain('EXPERIMENTAL');
    await ui.fillModal({ 'Extra CIDRs behind your VPC': '10.050.0.0/16' });
    await ui.submitModal('Send to Aiven');
    await expect(seen(ui.fieldError('peer_cidrs'))).resolves.toContain('write it as 10.50.0.0/16');
    await ui.fillModal({ 'Extra CIDRs behind your VPC': '10.50.0.0/16' });
    await ui.submitModal('Send to Aiven');
    await ui.modal.waitFor({ state: 'detached' });
    await root.locator('.thread-summary').waitFor();
    await ui.openThread(root);
    await ui.threadMessage('Aiven changed the extra CIDRs (+ 10.50.0.0/16)').waitFor();
    await root.filter({ hasText: '(+ 10.50.0.0/16)' }).waitFor();

    // The hand-over, confirmed; the thread says it and Delete is gone from the root.
    await ui.click(file, 'Managed by Terraform now', { confirm: true });
    await ui.threadMessage('handed this peering over to Terraform').waitFor();
    await root.filter({ hasText: 'Managed by Terraform' }).waitFor();
    await expect(root.getByRole('button', { name: 'Delete…' }).count()).resolves.toBe(0);
  });
});
