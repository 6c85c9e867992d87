import type { Express, Request, Response } from 'express';
import { isAdmin } from './abs.auth.js';
import type { FakeUser } from './abs.model.js';
import { applyMediaPatch } from './abs.patch.js';
import type { Emit } from './abs.scanner.js';
import { authorJson, expandedJson, seriesBaseJson } from './abs.serialize.js';
import type { AbsStore } from './abs.store.js';

const text = (res: Response, status: number, body: string) => res.status(status).type('text/plain').send(body);
const user = (res: Response) => res.locals.user as FakeUser;
const param = (req: Request, name: string) => String(req.params[name] ?? '');
const body = (req: Request) => (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {});

/**
 * The edits of ABS 2.36 that change many books at once, with the socket events ABS emits for them (and those it does
 * not): AuthorController.update/delete, SeriesController.update, LibraryController.updateNarrator,
 * LibraryItemController.batchUpdate. None of these bump an item's updatedAt except the batch update.
 */
export function absEntityRoutes(app: Express, deps: { store: AbsStore; emit: Emit }): void {
  const { store, emit } = deps;

  // A rename moves the author's books (items_updated, then author_updated); a name another author of the library
  // has merges the two (items_updated, author_removed for the old one, author_updated for the other).
  app.patch('/api/authors/:id', (req, res) => {
    if (!user(res).canUpdate) return text(res, 403, 'Forbidden');
    const author = store.authors.get(param(req, 'id'));
    if (!author) return text(res, 404, 'Not Found');
    const b = body(req);
    const name = typeof b.name === 'string' ? b.name.trim() : undefined;
    const books = store.booksOfAuthor(author.id);
    if (name !== undefined && name !== author.name) {
      const other = [...store.authors.values()].find((a) => a.id !== author.id && a.libraryId === author.libraryId && a.name === name);
      if (other) {
        for (const item of books) item.metadata.authorIds = [...new Set(item.metadata.authorIds.map((id) => (id === author.id ? other.id : id)))];
        if (books.length > 0) emit('items_updated', books.map((i) => expandedJson(store, i)));
        const oldJson = authorJson(store, author);
        store.authors.delete(author.id);
        emit('author_removed', oldJson);
        emit('author_updated', authorJson(store, other));
        return res.json({ author: authorJson(store, other), merged: true });
      }
      author.name = name;
      author.updatedAt = store.now();
      if (books.length > 0) emit('items_updated', books.map((i) => expandedJson(store, i)));
      emit('author_updated', authorJson(store, author));
      return res.json({ author: authorJson(store, author), updated: true });
    }
    if (typeof b.asin === 'string' || b.asin === null) author.asin = b.asin;
    emit('author_updated', authorJson(store, author));
    res.json({ author: authorJson(store, author), updated: true });
  });

  // The books lose the author without an event of their own: only author_removed says so.
  app.delete('/api/authors/:id', (req, res) => {
    if (!user(res).canUpdate) return text(res, 403, 'Forbidden');
    const author = store.authors.get(param(req, 'id'));
    if (!author) return text(res, 404, 'Not Found');
    for (const item of store.booksOfAuthor(author.id)) item.metadata.authorIds = item.metadata.authorIds.filter((id) => id !== author.id);
    const json = authorJson(store, author);
    store.authors.delete(author.id);
    emit('author_removed', json);
    res.sendStatus(200);
  });

  // A series rename: series_updated only; its books carry the new name without any item event.
  app.patch('/api/series/:id', (req, res) => {
    const series = store.series.get(param(req, 'id'));
    if (!series) return text(res, 404, 'Not Found');
    const b = body(req);
    const before = JSON.stringify(series);
    if (typeof b.name === 'string') series.name = b.name;
    if (typeof b.description === 'string') series.description = b.description;
    if (JSON.stringify(series) !== before) {
      series.updatedAt = store.now();
      emit('series_updated', seriesBaseJson(series));
    }
    res.json(seriesBaseJson(series));
  });

  // :narratorId is the base64 of the name; every book with it is updated in one items_updated.
  app.patch('/api/libraries/:id/narrators/:narratorId', (req, res) => {
    if (!user(res).canUpdate) return text(res, 403, 'Forbidden');
    const from = Buffer.from(decodeURIComponent(param(req, 'narratorId')), 'base64').toString();
    const to = body(req).name;
    if (typeof to !== 'string' || !to) return text(res, 400, 'Invalid request payload. Name not specified.');
    const items = store.itemsOf(param(req, 'id')).filter((i) => i.metadata.narrators.includes(from));
    for (const item of items) {
      const rest = item.metadata.narrators.filter((n) => n !== from);
      item.metadata.narrators = rest.includes(to) ? rest : [...rest, to];
    }
    if (items.length > 0) emit('items_updated', items.map((i) => expandedJson(store, i)));
    res.json({ updated: items.length });
  });

  // LibraryItemController.delete: the item goes, item_removed says so.
  app.delete('/api/items/:id', (req, res) => {
    if (!isAdmin(user(res))) return text(res, 403, 'Forbidden');
    const item = store.removeItem(param(req, 'id'));
    if (!item) return text(res, 404, 'Not Found');
    emit('item_removed', { id: item.id, libraryId: item.libraryId });
    res.sendStatus(200);
  });

  // A batch edit: each changed item gets an item_updated of its own.
  app.post('/api/items/batch/update', (req, res) => {
    if (!user(res).canUpdate && !isAdmin(user(res))) return text(res, 403, 'Forbidden');
    const updates = Array.isArray(req.body) ? (req.body as Array<{ id?: unknown; mediaPayload?: unknown }>) : undefined;
    if (!updates?.length) return text(res, 500, 'Invalid request body');
    let updated = 0;
    for (const u of updates) {
      const item = typeof u.id === 'string' ? store.items.get(u.id) : undefined;
      if (!item || !applyMediaPatch(store, item, u.mediaPayload)) continue;
      updated += 1;
      emit('item_updated', expandedJson(store, item));
    }
    res.json({ success: true, updates: updated });
  });
}
