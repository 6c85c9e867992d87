import { describe, expect, it } from 'vitest';
import { compareBooks, type BookRecord } from '../../../src/core/matching/index.js';

// Books here are deliberately not the corpus titles: the rules must carry over to books never tuned on.
const book = (title: string, authors: string[], extra: Partial<BookRecord> = {}): BookRecord => ({ title, authors, ...extra });
const series = (name: string, sequence: string | null) => ({ series: [{ name, sequence }] });

function expectSame(library: BookRecord, candidate: BookRecord): void {
  const r = compareBooks(library, candidate);
  expect(r.same, `${library.title} vs ${candidate.title}: ${r.reasons.join(',')}`).toBe(true);
  expect(r.score).toBeGreaterThanOrEqual(0.5);
}

function expectDifferent(library: BookRecord, candidate: BookRecord): void {
  const r = compareBooks(library, candidate);
  expect(r.same, `${library.title} vs ${candidate.title}: ${r.reasons.join(',')}`).toBe(false);
  expect(r.score).toBeLessThan(0.5);
}

describe('compareBooks: the same book written differently', () => {
  it('given scanner noise on the library side, then it is the same book', () => {
    expectSame(book('Name of the Wind, The (Unabridged)', ['Rothfuss, Patrick']), book('The Name of the Wind', ['Patrick Rothfuss']));
    expectSame(book('Patrick Rothfuss - The Name of the Wind [Audiobook]', ['Patrick Rothfuss']), book('The Name of the Wind', ['Patrick Rothfuss']));
    expectSame(book('the_name_of_the_wind (2007)', ['patrick rothfuss']), book('The Name of the Wind', ['Patrick Rothfuss']));
  });

  it('given a folder name with series and number, then it is the same book', () => {
    expectSame(
      book('Kingkiller Chronicle 01 - The Name of the Wind', ['Patrick Rothfuss', 'Nick Podehl'], series('The Kingkiller Chronicle', '1')),
      book('The Name of the Wind', ['Patrick Rothfuss'], { subtitle: 'The Kingkiller Chronicle, Book 1', ...series('The Kingkiller Chronicle', '1') }),
    );
    expectSame(book('The Fifth Season - Broken Earth 1', ['N.K. Jemisin']), book('The Fifth Season', ['N. K. Jemisin'], series('The Broken Earth', '1')));
  });

  it('given other folder and tag shapes, then it is the same book', () => {
    expectSame(book('Project Hail Mary by Andy Weir', ['Andy Weir']), book('Project Hail Mary', ['Andy Weir']));
    expectSame(book('01. Project Hail Mary', ['Andy Weir']), book('Project Hail Mary', ['Andy Weir']));
    expectSame(book('Sherlock Holmes - A Study in Scarlet', ['Arthur Conan Doyle']), book('A Study in Scarlet', ['Arthur Conan Doyle']));
    expectSame(book('The Three-Body Problem', ['Liu Cixin']), book('The Three-Body Problem', ['Cixin Liu']));
  });

  it('given a file name, a year or a bit rate among the folder segments, then they are not part of the title', () => {
    expectSame(book('All Systems Red.m4b', ['Martha Wells']), book('All Systems Red', ['Martha Wells']));
    expectSame(book('All Systems Red - Martha Wells - 2017 - MP3 - 64kbps', ['Martha Wells']), book('All Systems Red', ['Martha Wells']));
    expectSame(book('Stephen King - 1922', ['Stephen King']), book('1922', ['Stephen King']));
    expectSame(book('2061 - Odyssey Three', ['Arthur C. Clarke']), book('2061: Odyssey Three', ['Arthur C. Clarke']));
    expectDifferent(book('Stephen King - 1922', ['Stephen King']), book('Full Dark, No Stars', ['Stephen King']));
  });

  it('given a series name and number run into the title, then the rest is the title', () => {
    expectSame(book('Murderbot Diaries 2 Artificial Condition', ['Martha Wells'], series('The Murderbot Diaries', '2')), book('Artificial Condition', ['Martha Wells']));
    expectDifferent(book('Murderbot Diaries 2 Artificial Condition', ['Martha Wells'], series('The Murderbot Diaries', '2')), book('Rogue Protocol', ['Martha Wells']));
  });

  it('given a narrator credit in the folder name, then it is not part of the title', () => {
    expectSame(book('Martha Wells - All Systems Red - Read by Kevin R. Free', ['Martha Wells']), book('All Systems Red', ['Martha Wells']));
    expectSame(book('All Systems Red, narrated by Kevin R. Free', ['Martha Wells']), book('All Systems Red', ['Martha Wells']));
    expectDifferent(book('Read by Kevin R. Free', ['Martha Wells']), book('All Systems Red', ['Martha Wells']));
  });

  it('given book 1 of a series titled with the series name and a subtitle, then it is the book of that name', () => {
    expectSame(book('Wayward Pines', ['Blake Crouch']), book('Wayward Pines: A Novel of Suspense', ['Blake Crouch'], series('Wayward Pines', '1')));
    // Not book 1: the series name before the colon is not the title.
    expectDifferent(book('Wayward Pines', ['Blake Crouch']), book('Wayward Pines: A Novel of Suspense', ['Blake Crouch'], series('Wayward Pines', '2')));
  });

  it('given an abbreviation or a compound split in two, then it is the same book', () => {
    expectSame(book('Dr. No', ['Ian Fleming']), book('Doctor No', ['Ian Fleming']));
    expectSame(book("St. Lucy's Home for Girls Raised by Wolves", ['Karen Russell']), book("Saint Lucy's Home for Girls Raised by Wolves", ['Karen Russell']));
    expectSame(book('The Long Way to a Small, Angry Planet', ['Becky Chambers']), book('The Longway to a Small Angry Planet', ['Becky Chambers']));
    expectDifferent(book('Dr. No', ['Ian Fleming']), book('Doctor Who', ['Ian Fleming']));
  });

  it('given an ASIN in the folder name, then it decides like an ASIN field', () => {
    const r = compareBooks(book('Some Folder [B08G9PRS1K]', ['Andy Weir']), book('Project Hail Mary', ['Andy Weir'], { asin: 'B08G9PRS1K' }));
    expect(r.reasons).toContain('asin-equal');
  });

  it('given an alternative title after ", or", then it reads as a subtitle', () => {
    expectSame(book('The Hobbit, or There and Back Again', ['J.R.R. Tolkien']), book('The Hobbit', ['J. R. R. Tolkien']));
    expectSame(book('Moby Dick', ['Herman Melville']), book('Moby-Dick; or, The Whale', ['Herman Melville']));
  });

  it('given a subtitle on one side only, or different subtitles, then it is the same book', () => {
    expectSame(book('Educated', ['Tara Westover']), book('Educated', ['Tara Westover'], { subtitle: 'A Memoir' }));
    expectSame(book('Educated: A Memoir', ['Tara Westover']), book('Educated', ['Tara Westover']));
    expectSame(book('Project Hail Mary: A Novel', ['Andy Weir']), book('Project Hail Mary', ['Andy Weir']));
  });

  it('given "Series: Title" for the first book of that series with a one-word title, then it is that title', () => {
    const library = book('The Illuminae Files: Illuminae', ['Amie Kaufman', 'Jay Kristoff'], series('The Illuminae Files', '1'));
    expectSame(library, book('Illuminae', ['Amie Kaufman', 'Jay Kristoff'], series('The Illuminae Files', '1')));
    expectSame({ ...library, series: [] }, book('Illuminae', ['Amie Kaufman', 'Jay Kristoff'], series('The Illuminae Files', '1')));
  });

  it('given a "Series: Title" prefix, then it is the same book', () => {
    expectSame(book('The Lord of the Rings: The Two Towers', ['J.R.R. Tolkien']), book('The Two Towers', ['J. R. R. Tolkien']));
    expectSame(book('Stormlight: Words of Radiance', ['Brandon Sanderson'], series('Stormlight', '2')), book('Words of Radiance', ['Brandon Sanderson']));
    expectSame(book('The Dark Tower I: The Gunslinger', ['Stephen King'], series('The Dark Tower', '1')), book('The Gunslinger', ['Stephen King']));
  });

  it('given a series name run into the title, then it is the same book', () => {
    expectSame(
      book('The Sea of Monsters', ['Rick Riordan'], series('Percy Jackson and the Olympians', '2')),
      book('Percy Jackson and the Sea of Monsters', ['Rick Riordan'], series('Percy Jackson and the Olympians', '2')),
    );
  });

  it('given a library title that is only "Series, Book N", then it is book N of that series', () => {
    const lib = book('Kingkiller Chronicle, Book 2', ['Patrick Rothfuss'], series('The Kingkiller Chronicle', '2'));
    expectSame(lib, book("The Wise Man's Fear", ['Patrick Rothfuss'], series('The Kingkiller Chronicle', '2')));
    expectDifferent(lib, book('The Name of the Wind', ['Patrick Rothfuss'], series('The Kingkiller Chronicle', '1')));
    expectSame(book('WoT 05', ['Robert Jordan'], series('The Wheel of Time', '5')), book('The Fires of Heaven', ['Robert Jordan'], series('The Wheel of Time', '5')));
  });

  it('given co-authors in another order, joined or partly missing, then it is the same book', () => {
    expectSame(book('The Relic', ['Lincoln Child and Douglas Preston']), book('Relic', ['Douglas Preston', 'Lincoln Child']));
    expectSame(book('Relic', ['Douglas Preston']), book('Relic', ['Douglas Preston', 'Lincoln Child']));
  });

  it('given lost punctuation, diacritics and numbers in words, then it is the same book', () => {
    expectSame(book('Enders Game', ['Orson Scott Card']), book("Ender's Game", ['Orson Scott Card']));
    expectSame(book('Seven Years in Tibet', ['Heinrich Harrer']), book('7 Years in Tibet', ['Heinrich Harrer']));
    expectSame(book('Der Schwarm', ['Frank Schatzing']), book('Der Schwarm', ['Frank Schätzing']));
  });

  it('given edition wording, then it is the same work', () => {
    expectSame(book('Neuromancer', ['William Gibson']), book('Neuromancer', ['William Gibson'], { subtitle: '40th Anniversary Edition' }));
    expectSame(book('Neuromancer', ['William Gibson']), book('Neuromancer (Movie Tie-In Edition)', ['William Gibson']));
    expectSame(book('Frankenstein', ['Mary Shelley']), book('Frankenstein', ['Mary Shelley'], series('Penguin Classics', null)));
  });

  it('given publication-order and chronological-order numbers for the same title, then it is the same book', () => {
    expectSame(
      book('The Horse and His Boy', ['C.S. Lewis'], series('The Chronicles of Narnia', '5')),
      book('The Horse and His Boy', ['C. S. Lewis'], series('The Chronicles of Narnia', '3')),
    );
  });

  it('given matching volume numbers of a manga, then it is the same volume', () => {
    expectSame(book('Berserk v03', ['Kentaro Miura']), book('Berserk, Vol. 3', ['Kentaro Miura']));
  });

  it('given a record without authors and the same title, then it is the same book with a lower score', () => {
    const r = compareBooks(book('The Name of the Wind', []), book('The Name of the Wind', ['Patrick Rothfuss']));
    expect(r.same).toBe(true);
    expect(r.score).toBeLessThan(compareBooks(book('The Name of the Wind', ['Patrick Rothfuss']), book('The Name of the Wind', ['Patrick Rothfuss'])).score);
  });
});

describe('compareBooks: different books that look alike', () => {
  it('given a folder title named after its own numbered series, then it is not another book at that position of a wider series', () => {
    const library = book('Witcher Saga 01 - Witcher', ['Andrzej Sapkowski'], series('Witcher Saga', '1'));
    expectDifferent(library, book('Blood of Elves', ['Andrzej Sapkowski'], series('The Witcher Cycle', '1')));
    expectSame(library, book('Witcher', ['Andrzej Sapkowski'], series('Witcher Saga', '1')));
  });

  it('given another book of the same series, then they are different', () => {
    expectDifferent(book('Leviathan Wakes', ['James S.A. Corey']), book('Leviathan Falls', ['James S. A. Corey']));
    expectDifferent(book('Ready Player One', ['Ernest Cline']), book('Ready Player Two', ['Ernest Cline']));
    expectDifferent(book('The Fifth Season', ['N.K. Jemisin'], series('Broken Earth', '1')), book('The Obelisk Gate', ['N.K. Jemisin'], series('Broken Earth', '2')));
  });

  it('given the same title by another author, then they are different', () => {
    expectDifferent(book('Gone', ['Michael Grant']), book('Gone', ['Lisa McMann']));
    expectDifferent(book('The Outsider', ['Stephen King']), book('The Outsider', ['Albert Camus']));
  });

  it('given a pen name on one side, then it is not guessed', () => {
    expectDifferent(book('The Running Man', ['Richard Bachman']), book('The Running Man', ['Stephen King']));
  });

  it('given the colon trap, then the text after the colon is not taken as the title', () => {
    expectDifferent(book('Dune', ['Frank Herbert'], series('Dune', '1')), book('Chapterhouse: Dune', ['Frank Herbert']));
    expectDifferent(book('Magician', ['Raymond E. Feist']), book('Magician: Master', ['Raymond E. Feist']));
    expectDifferent(book('A Storm of Swords', ['George R.R. Martin']), book('A Storm of Swords: Blood and Gold', ['George R. R. Martin']));
  });

  it('given a graphic novel, dramatisation, abridgement or summary, then they are different products', () => {
    const base = book('The Name of the Wind', ['Patrick Rothfuss']);
    expectDifferent(base, book('The Name of the Wind', ['Patrick Rothfuss'], { subtitle: 'The Graphic Novel' }));
    expectDifferent(base, book('The Name of the Wind', ['Patrick Rothfuss'], { subtitle: 'A Full-Cast Audio Drama' }));
    expectDifferent(base, book('The Name of the Wind (Abridged)', ['Patrick Rothfuss']));
    expectDifferent(base, book('Summary of The Name of the Wind', ['QuickSummaries']));
    expectDifferent(base, book('The Name of the Wind', ['Patrick Rothfuss'], { subtitle: 'Dramatized Adaptation' }));
  });

  it('given both sides are the same kind of product, then the kind does not separate them', () => {
    expectSame(book('Watership Down (Abridged)', ['Richard Adams']), book('Watership Down [Abridged]', ['Richard Adams']));
  });

  it('given a box set or omnibus against a single volume, then they are different', () => {
    const single = book('The Fellowship of the Ring', ['J.R.R. Tolkien'], series('The Lord of the Rings', '1'));
    expectDifferent(single, book('The Lord of the Rings', ['J.R.R. Tolkien']));
    expectDifferent(book('The Hunger Games', ['Suzanne Collins']), book('The Hunger Games Trilogy Boxed Set', ['Suzanne Collins']));
    expectDifferent(book('The Hunger Games', ['Suzanne Collins']), book('The Hunger Games Collection', ['Suzanne Collins']));
  });

  it('given one part of a split audiobook, then it is not the whole book', () => {
    expectDifferent(book('Words of Radiance - Part 1 of 2', ['Brandon Sanderson']), book('Words of Radiance', ['Brandon Sanderson']));
    expectDifferent(book('Words of Radiance (Part 2 of 2)', ['Brandon Sanderson']), book('Words of Radiance', ['Brandon Sanderson']));
    expectDifferent(book('Words of Radiance', ['Brandon Sanderson']), book('Words of Radiance', ['Brandon Sanderson'], { subtitle: 'Part Two' }));
  });

  it('given different volumes of a manga, then they are different even with the same subtitle', () => {
    expectDifferent(book('Berserk v03', ['Kentaro Miura']), book('Berserk, Vol. 4', ['Kentaro Miura']));
    expectDifferent(
      book('Overlord, Vol. 2 - The Dark Warrior', ['Kugane Maruyama'], series('Overlord', '2')),
      book('Overlord 1', ['Kugane Maruyama'], { subtitle: 'The Dark Warrior', ...series('Overlord', '1') }),
    );
  });

  it('given a young-readers rewrite, then it is a different book', () => {
    expectDifferent(book('Educated', ['Tara Westover']), book('Educated (Young Readers Edition)', ['Tara Westover']));
  });

  it('given reasons, then they say why', () => {
    const r = compareBooks(book('Gone', ['Michael Grant']), book('Gone', ['Lisa McMann']));
    expect(r.reasons).toContain('authors-differ');
    const p = compareBooks(book('Dune', ['Frank Herbert']), book('Dune (Abridged)', ['Frank Herbert']));
    expect(p.reasons).toContain('product-differs:abridged');
  });
});

describe('compareBooks: evidence that is weaker than a title match', () => {
  it('given same author, series and position with one word of the title replaced, then it is the same book', () => {
    expectSame(
      book("Harry Potter and the Philosopher's Stone", ['J.K. Rowling'], series('Harry Potter', '1')),
      book("Harry Potter and the Sorcerer's Stone", ['J. K. Rowling'], series('Harry Potter', '1')),
    );
  });

  it('given same author, series and position but a title that only adds a word, then it is another book', () => {
    expectDifferent(
      book('The Way of Kings', ['Brandon Sanderson'], series('The Stormlight Archive', '1')),
      book('The Way of Kings Prime', ['Brandon Sanderson'], series('The Stormlight Archive', '1')),
    );
  });

  it('given same author, series and position but unrelated titles, then the position alone does not decide', () => {
    expectDifferent(
      book('The Lion, the Witch and the Wardrobe', ['C.S. Lewis'], series('The Chronicles of Narnia', '1')),
      book("The Magician's Nephew", ['C.S. Lewis'], series('The Chronicles of Narnia', '1')),
    );
  });

  it('given a shared pen name on one side and the real names on the other, then title plus series position decide', () => {
    expectSame(
      book("Abaddon's Gate", ['Daniel Abraham', 'Ty Franck'], series('The Expanse', '3')),
      book("Abaddon's Gate", ['James S. A. Corey'], series('The Expanse', '3')),
    );
  });

  it('given an author placeholder such as "Unknown", then it does not separate two records', () => {
    expectSame(book('The Name of the Wind', ['Unknown']), book('The Name of the Wind', ['Patrick Rothfuss']));
  });
});

describe('compareBooks: adaptations that credit an adapter or illustrator as co-author', () => {
  const novel = book('The Hobbit', ['J.R.R. Tolkien']);

  it('given "Author & Illustrator" with an adapted / illustrated / comic cue, then it is not the plain novel', () => {
    expectDifferent(novel, book('The Hobbit', ['J. R. R. Tolkien', 'Charles Dixon', 'David Wenzel'], { subtitle: 'An Illustrated Edition of the Fantasy Classic' }));
    expectDifferent(book('Fahrenheit 451', ['Ray Bradbury']), book('Fahrenheit 451', ['Ray Bradbury', 'Tim Hamilton'], { subtitle: 'The Authorized Adaptation' }));
    expectDifferent(book('Treasure Island', ['Robert Louis Stevenson']), book('Treasure Island (An Illustrated Retelling)', ['Robert Louis Stevenson & Deanna McFadden']));
    expectDifferent(book('The Stand', ['Stephen King']), book('The Stand: Captain Trips', ['Stephen King', 'Mike Perkins'], series('The Stand Comics', '1')));
    const r = compareBooks(book('Frankenstein', ['Mary Shelley', 'Gareth Hinds']), book('Frankenstein', ['Mary Shelley'], { subtitle: 'Adapted by Gareth Hinds' }));
    expect(r.same).toBe(true); // the cue and the contributor on the same side: both records are the adaptation
  });

  it('given the adapter credited by role in the author field, then the credit is the cue', () => {
    expectDifferent(book('Moby-Dick', ['Herman Melville']), book('Moby Dick', ['Herman Melville', 'Eric Kincaid (Adapter)']));
    expectDifferent(book('Moby-Dick', ['Herman Melville']), book('Moby Dick', ['Herman Melville; Adapted by Eric Kincaid']));
    const r = compareBooks(book('Moby-Dick', ['Herman Melville']), book('Moby Dick', ['Herman Melville', 'Eric Kincaid (Adapter)']));
    expect(r.reasons).toEqual(['product-differs:adaptation']);
  });

  it('given an illustrated edition of the full text, then it is still the book', () => {
    const chamber = book('Harry Potter and the Chamber of Secrets', ['J.K. Rowling']);
    expectSame(chamber, book('Harry Potter and the Chamber of Secrets', ['J. K. Rowling', 'Jim Kay'], { subtitle: 'Illustrated Edition' }));
    expectSame(chamber, book('Harry Potter and the Chamber of Secrets (Illustrated)', ['J. K. Rowling', 'Illustrated by Jim Kay']));
    expectSame(book("Alice's Adventures in Wonderland", ['Lewis Carroll']), book("Alice's Adventures in Wonderland [Fully Illustrated]", ['Lewis Carroll', 'John Tenniel']));
    expectSame(novel, book('The Hobbit', ['J.R.R. Tolkien'], { subtitle: 'Illustrated by the Author' }));
  });

  it('given the cue word in both titles or no extra contributor, then nothing changes', () => {
    expectSame(book('The Illustrated Man', ['Ray Bradbury', 'Paul Hecht']), book('The Illustrated Man', ['Ray Bradbury']));
    expectSame(book('Understanding Comics', ['Scott McCloud']), book('Understanding Comics', ['Scott McCloud'], { subtitle: 'The Invisible Art' }));
    expectSame(book('Good Omens', ['Neil Gaiman', 'Terry Pratchett']), book('Good Omens', ['Terry Pratchett', 'Neil Gaiman']));
  });
});

describe('compareBooks: numbers in words and digits', () => {
  it('given a number written in words on one side and digits on the other, then it is the same book', () => {
    expectSame(book('Nineteen Eighty-Four', ['George Orwell']), book('1984', ['Orwell, George']));
    expectSame(book('20,000 Leagues Under the Sea', ['Jules Verne']), book('Twenty Thousand Leagues Under the Sea', ['Jules Verne']));
    expectSame(book('Fahrenheit Four Fifty-One', ['Ray Bradbury']), book('Fahrenheit 451', ['Ray Bradbury']));
    expectSame(book('Catch 22 (1961)', ['Heller, Joseph']), book('Catch Twenty-Two', ['Joseph Heller']));
    expectSame(book('The Hundred and One Dalmatians', ['Dodie Smith']), book('101 Dalmatians', ['Dodie Smith']));
  });

  it('given another number, then it is another book', () => {
    expectDifferent(book('Nineteen Eighty-Four', ['George Orwell']), book('1985', ['Anthony Burgess']));
    expectDifferent(book('Catch-22', ['Joseph Heller']), book('Catch-23', ['Joseph Heller']));
  });
});
