/**
 * The subset of Discord's message validation the bot can trip over. Real Discord answers these with 50035 (Invalid Form
 * Body) or 50006 (empty message); discord.js checks none of them for raw JSON bodies, so the fake must.
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
export interface LimitViolation {
  code: 50035 | 50006;
  message: string;
  errors: string[];
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function embedErrors(embeds: unknown[], errors: string[]): void {
  if (embeds.length > 10) errors.push(`embeds: at most 10 (got ${embeds.length})`);
  let total = 0;
  embeds.forEach((raw, i) => {
    if (!isObj(raw)) return void errors.push(`embeds.${i}: not an object`);
    const title = str(raw.title);
    const description = str(raw.description);
    const footer = isObj(raw.footer) ? str(raw.footer.text) : '';
    const author = isObj(raw.author) ? str(raw.author.name) : '';
    if (title.length > 256) errors.push(`embeds.${i}.title: over 256`);
    if (description.length > 4096) errors.push(`embeds.${i}.description: over 4096`);
    if (footer.length > 2048) errors.push(`embeds.${i}.footer.text: over 2048`);
    if (author.length > 256) errors.push(`embeds.${i}.author.name: over 256`);
    total += title.length + description.length + footer.length + author.length;
    const fields = Array.isArray(raw.fields) ? raw.fields : [];
    if (fields.length > 25) errors.push(`embeds.${i}.fields: at most 25 (got ${fields.length})`);
    fields.forEach((f: unknown, j) => {
      const name = isObj(f) ? str(f.name) : '';
      const value = isObj(f) ? str(f.value) : '';
      if (name.length === 0 || name.length > 256) errors.push(`embeds.${i}.fields.${j}.name: 1-256 characters`);
      if (value.length === 0 || value.length > 1024) errors.push(`embeds.${i}.fields.${j}.value: 1-1024 characters`);
      total += name.length + value.length;
    });
  });
  if (total > 6000) errors.push(`embeds: total text over 6000 (got ${total})`);
}

function componentErrors(rows: unknown[], errors: string[]): void {
  if (rows.length > 5) errors.push(`components: at most 5 action rows (got ${rows.length})`);
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    if (!isObj(row) || row.type !== 1 || !Array.isArray(row.components)) {
      return void errors.push(`components.${i}: must be an action row`);
    }
    const children = row.components as unknown[];
    const selects = children.filter((c) => isObj(c) && c.type !== 2).length;
    if (children.length === 0 || children.length > 5) errors.push(`components.${i}: 1-5 components`);
    if (selects > 0 && children.length > 1) errors.push(`components.${i}: a select menu must be alone in its row`);
    children.forEach((c, j) => {
      if (!isObj(c)) return;
      const at = `components.${i}.components.${j}`;
      const customId = str(c.custom_id);
      if (customId) {
        if (customId.length > 100) errors.push(`${at}.custom_id: over 100`);
        if (ids.has(customId)) errors.push(`${at}.custom_id: duplicate`);
        ids.add(customId);
      }
      if (c.type === 2) {
        const isLink = c.style === 5;
        if (isLink && (!c.url || customId)) errors.push(`${at}: a link button needs a url and no custom_id`);
        if (!isLink && !customId) errors.push(`${at}.custom_id: required`);
        if (!c.label && !c.emoji) errors.push(`${at}: a label or an emoji is required`);
        if (str(c.label).length > 80) errors.push(`${at}.label: over 80`);
      } else if (c.type === 3) {
        const options = Array.isArray(c.options) ? c.options : [];
        if (options.length === 0 || options.length > 25) errors.push(`${at}.options: 1-25`);
        if (!customId) errors.push(`${at}.custom_id: required`);
      }
    });
  });
}

/** Checks a message body; `creating` also rejects empty messages (edits may leave every part out). */
export function validateMessageBody(body: unknown, creating: boolean): LimitViolation | null {
  if (!isObj(body)) return { code: 50035, message: 'Invalid Form Body', errors: ['body: must be an object'] };
  const errors: string[] = [];
  const content = str(body.content);
  if (content.length > 2000) errors.push(`content: over 2000 (got ${content.length})`);
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  const components = Array.isArray(body.components) ? body.components : [];
  embedErrors(embeds, errors);
  componentErrors(components, errors);
  if (errors.length > 0) return { code: 50035, message: 'Invalid Form Body', errors };
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  if (creating && !content && embeds.length === 0 && components.length === 0 && attachments.length === 0) {
    return { code: 50006, message: 'Cannot send an empty message', errors: [] };
  }
  return null;
}
