import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/sources/corpus.ts';
import { analyzeSentence, analyzeText, splitParagraphs, TermKind, termsOfWord } from '../src/engine/language/language.ts';
import { analyzeQuery, questionParts, queryTerms, readChatSpelling } from '../src/engine/language/question.ts';
import { CORPUS } from './helpers.ts';
import { Acronyms, longFormOf } from '../src/engine/language/acronyms.ts';
import type { Source } from '../src/types.ts';

/** A source of `text` alone, as the acronym table reads one. */
const source = (id: string, text: string) =>
  ({ id, file: `${id}.txt`, text, bodyStart: 0, title: id, meta: {}, bytes: text.length, mtimeMs: 0, contentHash: id }) as Source;

describe('sentences and paragraphs', () => {
  it('gives exact offsets for every sentence of the corpus, inside one line each', async () => {
    const { sources } = await loadCorpus(CORPUS);
    let sentences = 0;
    for (const source of sources) {
      for (const para of analyzeText(source.text, source.bodyStart)) {
        for (const s of para.sentences) {
          sentences++;
          const text = source.text.slice(s.start, s.end);
          expect(text).toBe(text.trim());
          expect(text).not.toMatch(/[\r\n]/);
          expect(s.start).toBeGreaterThanOrEqual(para.start);
          expect(s.end).toBeLessThanOrEqual(para.end);
        }
      }
    }
    expect(sentences).toBeGreaterThan(100);
  });

  it('never glues a heading line to the next sentence', () => {
    const text = 'On Sunday, strikes killed 20.\nStrategic Implications\nintroduction of ATACMS comes as winter nears.';
    const sentences = analyzeText(text).flatMap((p) => p.sentences.map((s) => text.slice(s.start, s.end)));
    expect(sentences).toEqual(['On Sunday, strikes killed 20.', 'Strategic Implications', 'introduction of ATACMS comes as winter nears.']);
  });

  it('drops Markdown block markers and rules from paragraphs', () => {
    const text = '## Heading\n- a list item\n> a quoted line\n---\n12. numbered';
    expect(splitParagraphs(text).map((p) => text.slice(p.start, p.end))).toEqual(['Heading', 'a list item', 'a quoted line', 'numbered']);
  });

  it('splits sentences inside a line', () => {
    const text = 'The U.S. sent missiles. They cost $1.5 million each! Why?';
    const [para] = analyzeText(text);
    expect(para!.sentences.map((s) => text.slice(s.start, s.end))).toEqual(['The U.S. sent missiles.', 'They cost $1.5 million each!', 'Why?']);
  });

  it('keeps a title and the name after it in one sentence, so a quote keeps who said it', () => {
    const text = '“Nothing materializes,” said Maj. Volodymyr Omelyan of the army. Adm. Smith agreed. It was the fr. edition.';
    const sentences = analyzeText(text).flatMap((p) => p.sentences.map((s) => text.slice(s.start, s.end)));
    expect(sentences.slice(0, 2)).toEqual(['“Nothing materializes,” said Maj. Volodymyr Omelyan of the army.', 'Adm. Smith agreed.']);
    expect(sentences.join(' ')).toBe(text);
  });
});

describe('matching terms', () => {
  it('normalises case, curly quotes, possessives, abbreviations, numbers and hyphens', () => {
    expect(queryTerms('Zelenskiy’s')).toEqual(queryTerms("zelenskiy's"));
    expect(queryTerms('ZELENSKIY')).toEqual(['zelenskiy']);
    expect(queryTerms('U.S. officials')).toEqual(queryTerms('US officials'));
    expect(queryTerms('10,000 troops')).toEqual(['10000', 'troop']);
    expect(queryTerms('$1.5 million')).toEqual(['1.5', 'million']);
    expect(queryTerms('long-range')).toEqual(queryTerms('long range'));
    expect(queryTerms('manufactures')).toEqual(queryTerms('manufactured'));
  });

  it('folds demonyms into country names', () => {
    expect(queryTerms('Russian')).toEqual(queryTerms('Russia'));
    expect(queryTerms('Ukrainian')).toEqual(queryTerms('Ukraine'));
    expect(queryTerms('French')).toEqual(queryTerms('France'));
    expect(queryTerms('British')).toEqual(queryTerms('Britain'));
  });

  it('drops function words but keeps acronyms that spell one and content words on the stop list', () => {
    expect(queryTerms('What is the capital of it?')).toEqual(['capit']);
    expect(queryTerms('IT budget')).toEqual(['it', 'budget']);
    expect(queryTerms('the front lines')).toEqual(['front', 'line']);
    expect(queryTerms('first ten')).toEqual(['first', 'ten']);
    // A member who shouts writes every function word in capitals: none of them is an acronym then.
    expect(queryTerms('HOW FAR CAN ATACMS REACH??!!')).toEqual(queryTerms('how far can atacms reach?'));
    expect(queryTerms('WHO MAKES THE MISSILES')).toEqual(queryTerms('who makes the missiles'));
    expect(queryTerms('Did the US let Ukraine strike?')).toContain('us');
    expect(queryTerms('US AID')).toContain('us');
  });

  it('reads the acronyms of the names a corpus spells out, the most frequent name winning, and keeps them through bytes', () => {
    const acronyms = Acronyms.of([
      source('a', 'The National Security Council met. The United States and the National Security Council agreed.'),
      source('b', 'The Nordic Sailing Club raced. The Bank of America lent.'),
      source('c', 'Empowering Ukraine with missiles helps.\nMeanwhile Kyiv waits. He met Foreign Minister Kuleba.'),
    ]);
    // A sentence's first word is capitalised as the sentence starts: "Empowering Ukraine" is no "EU".
    expect(acronyms.expand('eu')).toBeUndefined();
    expect(acronyms.expand('mk')).toBeUndefined();
    expect(acronyms.expand('fmk')).toEqual(queryTerms('foreign minister kuleba'));
    expect(acronyms.expand('NSC')).toEqual(queryTerms('national security council'));
    expect(acronyms.expand('nsc')).toEqual(queryTerms('national security council'));
    // A capitalised first word of a sentence is no part of the name; small words inside it are skipped.
    expect(acronyms.expand('us')).toEqual(queryTerms('united states'));
    expect(acronyms.expand('ba')).toEqual(queryTerms('bank america'));
    expect(acronyms.expand('tus')).toBeUndefined();
    expect(acronyms.expand('nationalsecurity')).toBeUndefined();
    const copy = Acronyms.fromBytes(acronyms.toBytes());
    expect(copy.size).toBe(acronyms.size);
    for (const word of ['nsc', 'us', 'ba', 'nsc', 'x']) expect(copy.expand(word)).toEqual(acronyms.expand(word));
    expect(Acronyms.fromBytes(new Uint8Array()).size).toBe(0);
  });

  it('reads the short forms a corpus defines in parentheses with their long forms (Schwartz and Hearst), and keeps them through bytes', () => {
    const acronyms = Acronyms.of([
      source(
        'a',
        'Biden will provide long-range Army Tactical Missile Systems (ATACMS) soon. They are fired from High Mobility Artillery Rocket Systems (HIMARS).',
      ),
      source('b', 'Mr. Chen met the Wall Street Journal (WSJ) editor and Li Chen (Chen) later. Gross domestic product (GDP) fell. The plan (P) failed.'),
    ]);
    // The words before the parenthesis are read back letter by letter: "long-range" is no part of the long form.
    expect(acronyms.longForm('atacm')).toEqual(queryTerms('army tactical missile systems'));
    expect(acronyms.longForm('himar')).toEqual(queryTerms('high mobility artillery rocket systems'));
    expect(acronyms.longForm('wsj')).toEqual(queryTerms('wall street journal'));
    expect(acronyms.longForm('gdp')).toEqual(queryTerms('gross domestic product'));
    // One capital is a name in parentheses, one letter no short form.
    expect(acronyms.longForm('chen')).toBeUndefined();
    expect(acronyms.longForm('p')).toBeUndefined();
    expect(longFormOf('WSJ', 'met the Wall Street Journal')).toBe('Wall Street Journal');
    expect(longFormOf('XYZ', 'met the Wall Street Journal')).toBeUndefined();
    const copy = Acronyms.fromBytes(acronyms.toBytes());
    for (const term of ['atacm', 'himar', 'wsj', 'gdp', 'chen']) expect(copy.longForm(term)).toEqual(acronyms.longForm(term));
    expect(copy.expand('nsc')).toEqual(acronyms.expand('nsc'));
  });

  it('keeps a question\'s words in another script ("Київ"), which wink-nlp types as unknown', () => {
    expect(queryTerms('Как далеко ATACMS')).toEqual([...termsOfWord('как'), ...termsOfWord('далеко'), ...termsOfWord('atacms')]);
    // Articles' terms (and so the saved index and the word vectors) stay as they were.
    expect(analyzeSentence('Zelensky spoke in Київ today.').terms).not.toContain(termsOfWord('київ')[0]);
  });

  it('copes with words wink-nlp gives no lemma ("cannot" at the end of a sentence)', () => {
    expect(analyzeText('We cannot.')[0]!.sentences[0]!.terms).toEqual(['cannot']);
    expect(queryTerms('Why we cannot.')).toEqual(['cannot']);
  });

  it('reads a Turkish dotted capital I as part of its word, with offsets into the real text', () => {
    expect(queryTerms('İzmir')).toEqual(queryTerms('Izmir'));
    const text = 'Flights left İncirlik. Then İzmir.';
    const spans = analyzeText(text)[0]!.sentences.map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(['Flights left İncirlik.', 'Then İzmir.']);
  });

  it('folds accents and ignores punctuation-only words', () => {
    expect(termsOfWord('café')).toEqual(termsOfWord('cafe'));
    expect(termsOfWord('’s')).toEqual([]);
    expect(queryTerms('?!… — **')).toEqual([]);
  });
});

describe('answer type', () => {
  const { NAME, NUMBER, MONEY, DATE, MEASURE, PERCENT, REASON } = TermKind;
  const typeOf = (q: string) => analyzeQuery(q).answerType;

  it('reads the kind of answer from the question word', () => {
    expect(typeOf('Who manufactures ATACMS?')).toEqual({ kinds: NAME, action: 'manufactur' });
    expect(typeOf('Where did the strikes happen?')).toEqual({ kinds: NAME, where: true });
    // Where from is a source; a "where" inside the message ("the one where…", "about where…") asks for no place.
    for (const q of [
      'where did nbc get its info from',
      'the zelensky quote, the one where he wont say yes or no',
      'has the council said anything about where this leads',
    ])
      expect(typeOf(q).where, q).toBeFalsy();
    for (const q of ['so where r they gonna aim em first', 'any idea where the troops are heading']) expect(typeOf(q).where, q).toBe(true);
    // "What was the thinking behind…", "what's the reason for…" ask why, and search for neither noun nor "behind".
    for (const q of ["what's the reasoning behind the delay with the tanks", 'What was the logic for holding back the jets?']) {
      expect(typeOf(q).kinds, q).toBe(REASON);
      expect(analyzeQuery(q).terms, q).not.toContain('behind');
      expect(analyzeQuery(q).terms, q).not.toContain('logic');
    }
    // "Whereabouts" opening a question asks where; the noun asks nothing of the kind.
    for (const q of ['Whereabouts in Kent is the depot that stores them?', 'chisels back on the rack 🪚 whereabouts do the troops sit'])
      expect(typeOf(q).where, q).toBe(true);
    for (const q of ['his whereabouts are unknown, who makes the atacms?', 'Whereabouts of the troops?']) expect(typeOf(q).where, q).toBeFalsy();
    expect(typeOf('How many North Korean troops are involved?')).toEqual({ kinds: NUMBER, focus: 'troop' });
    expect(typeOf('how far can it reach')).toEqual({ kinds: NUMBER | MEASURE });
    expect(typeOf('In what year did the war start?')).toEqual({ kinds: NUMBER | DATE, calendar: true });
    expect(typeOf('on what date did biden tell zelenskiy')).toEqual({ kinds: NUMBER | DATE, calendar: true });
    expect(typeOf('When did the war start?')).toEqual({ kinds: NUMBER | NAME | DATE });
    expect(typeOf('how much does one missile cost')).toEqual({ kinds: NUMBER | MONEY });
    // "What does X cost" asks the sum, whatever the tagger makes of "cost"; a cost to someone is another price.
    expect(typeOf('what would a himars launcher cost')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf('what did the f-16 jets cost compared to the tanks?')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf('what will the decision cost russia').kinds & MONEY).toBe(0);
    // "What" as the sum spent or paid; not where a preposition left at the end asks what the money went on, nor time spent.
    expect(typeOf('wat has the uk spent on the war so far, roughly?')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf('what did they pay for the launchers')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf('what did they spend the money on?').kinds & MONEY).toBe(0);
    // What the member says they know is not what they ask: the question word after "but" is.
    expect(typeOf('we know what the tanks cost, but how far can the missiles go')).toEqual({ kinds: NUMBER | MEASURE });
    expect(typeOf('what do the pilots spend more time doing').kinds & MONEY).toBe(0);
    // What a thing "runs" or "goes for" is its price; what it runs on is not.
    expect(typeOf('how much does a himars launcher run these days')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf("what's a storm shadow go for?")).toEqual({ kinds: NUMBER | MONEY });
    expect(analyzeQuery('what does the launcher run on').terms).toContain('run');
    // …and what it "sets" someone "back"; what sets a thing back delays it.
    expect(typeOf('what would one storm shadow set the British back')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf('how much did each launcher set u back?')).toEqual({ kinds: NUMBER | MONEY });
    expect(analyzeQuery('what does kyiv think set the offensive back').terms).toContain('back');
    expect(typeOf('what does the missile cost reflect').kinds & MONEY).toBe(0);
    // "What was the X trying to…" asks what X did, not for a name of X; "what is the term given to…" asks the term.
    expect(typeOf('what was the summer offensive trying to take')).toEqual({ kinds: 0 });
    expect(typeOf('what are the analysts hoping to get out of it')).toEqual({ kinds: 0 });
    expect(typeOf('what is the name given to the launcher')).toEqual({ kinds: NAME, focus: 'name' });
    // "The 2023 article says…" names a source: its "says" asks for no statement, and the question after it is what is asked.
    expect(typeOf('the 2023 article says the push stalled for months. how many months exactly?')).toEqual({ kinds: NUMBER, focus: 'month' });
    // "How many of the troops sent were conscripts" counts conscripts among the troops.
    expect(typeOf('how many of the troops sent to kursk were conscripts')).toEqual({ kinds: NUMBER, focus: 'conscript' });
    expect(typeOf('how many of the missiles were fired')).toEqual({ kinds: NUMBER });
    expect(typeOf('how much has changed')).toEqual({ kinds: NUMBER });
    // A currency counted asks for a sum of money, and is no word to search for: the articles write "$325 million".
    expect(typeOf('how many dollars did the package come to')).toEqual({ kinds: NUMBER | MONEY });
    expect(analyzeQuery('how many bucks did kyiv get').terms).toEqual(queryTerms('how many did kyiv get'));
    // The articles named as what is asked of are the bot's sources, and what they "say" is any answer, no statement.
    expect(analyzeQuery('what do the articles say about the range')).toMatchObject({ terms: ['rang'], answerType: { kinds: 0 } });
    expect(analyzeQuery('according to the sources, how far can atacms reach').terms).toEqual(queryTerms('how far can atacms reach'));
    expect(analyzeQuery('what reasons does the article give for the delay').terms).toEqual(queryTerms('what reasons for the delay'));
    // …and so are some of them: "one of the pieces" is a source only after "according to" ("which pieces did they send").
    expect(analyzeQuery('why did the push stall, according to one of the pieces').terms).toEqual(queryTerms('why did the push stall'));
    expect(analyzeQuery('in one of the articles, who makes atacms').terms).toEqual(queryTerms('who makes atacms'));
    // …or by the month they came out: a piece is one then.
    expect(analyzeQuery('how many died in the attack one of the november pieces mentions').terms).toEqual(queryTerms('died attack'));
    expect(analyzeQuery('what did the november coverage say about kursk').terms).toEqual(queryTerms('kursk'));
    expect(analyzeQuery('which pieces did they send in november').terms).toEqual(queryTerms('pieces send november'));
    expect(analyzeQuery('which pieces of artillery did they send').terms).toContain('piec');
    // Chat's "4" for "for" before a word no count goes with; a count stays one.
    expect(analyzeQuery('r they askin 4 other missiles').terms).not.toContain('4');
    expect(analyzeQuery('were they winning 4 straight games').terms).toContain('4');
    // An emoji before a capitalised word, or a question word, ends what came before: its words are said around the
    // question. Elsewhere an emoji is no word ("how far 🚀 can they go").
    expect([...analyzeQuery('Pads are on, nets are up 🏏 Who builds the ATACMS?').contextTerms.keys()].sort()).toEqual(['net', 'pad', 'up'].sort());
    expect([...analyzeQuery('pads are on 🏏 who builds the atacms').contextTerms.keys()]).toEqual(['pad']);
    expect([...analyzeQuery('how far 🚀 can the atacms go').contextTerms.keys()]).toEqual([]);
    // So does a dash, after words with no question word among them.
    expect([...analyzeQuery('pads are on, nets are up — who builds the atacms').contextTerms.keys()].sort()).toEqual(['net', 'pad', 'up'].sort());
    expect([...analyzeQuery('why do the pads smell — is it the nets').contextTerms.keys()]).toEqual([]);
    // So does a comma before a claim someone else makes, after a question.
    expect([...analyzeQuery('how many troops r there, 10k or wat, sum1 in the rota chat said 100k').contextTerms.keys()]).toContain('rota');
    // …and before the member's feeling about it.
    expect([...analyzeQuery('how many civilians died in the strike, sounds dreadful 😔').contextTerms.keys()].sort()).toEqual(
      queryTerms('sounds dreadful').sort(),
    );
    expect([...analyzeQuery('who builds the atacms, tbh seems so random').contextTerms.keys()].sort()).toEqual(queryTerms('seems so random').sort());
    expect([...analyzeQuery('how far can they reach, seems far beyond the front').contextTerms.keys()]).toEqual([]);
    expect([...analyzeQuery('r peace talks expected soon, ppl in the whatsapp keep sayin so').contextTerms.keys()]).toContain('whatsapp');
    expect([...analyzeQuery('how far can they go, or did biden say').contextTerms.keys()]).toEqual([]);
    // Statements that may be only the member's setting: not a claim reported, a figure, a question carried on or a
    // request in the imperative.
    expect([...analyzeQuery('Rehearsal ran long 🎻 Who builds the ATACMS?').asides]).toEqual([0]);
    expect([...analyzeQuery('My brother swears they are French. Who builds the ATACMS?').asides]).toEqual([]);
    expect([...analyzeQuery('We sold 40 tickets. Who builds the ATACMS?').asides]).toEqual([]);
    expect([...analyzeQuery('is omelyan a colonel? or a general').asides]).toEqual([]);
    expect([...analyzeQuery('do they differ? paste the range lines from each').asides]).toEqual([]);
    // Words beside a year that may only name the sources of that year ("the 2023 story", "late 2024"): the plan
    // drops them where sources were published that year.
    expect(analyzeQuery('what did the 2024 story say about the range').besideYears).toEqual([{ year: '2024', terms: ['stori'] }]);
    expect(analyzeQuery('by the late 2024 coverage was the pledge gone').besideYears).toEqual([{ year: '2024', terms: ['late', 'coverag'] }]);
    expect(analyzeQuery('why was the decision so late in 2024').besideYears).toEqual([]);
    // …but "the source" of a story is someone.
    expect(analyzeQuery('who was the source of the leak').terms).toContain('sourc');
    expect(analyzeQuery('Who signed the Articles of Confederation?').terms).toContain('articl');
    // A question word or an auxiliary in capitals is emphasis; "US" stays the country.
    expect(analyzeQuery('WHY were the restrictions there').terms).toEqual(queryTerms('why were the restrictions there'));
    expect(analyzeQuery('the US did NOT allow it').terms).toEqual(['us', 'allow']);
    expect(typeOf('What percentage of the aid arrived?')).toEqual({ kinds: NUMBER | PERCENT });
    // A reason, and no number: a quantity noun in it ("range", "cost") does not ask for one.
    expect(typeOf('why are long range weapons more useful in the cold months')).toEqual({ kinds: REASON });
    expect(typeOf('y does the price matter')).toEqual({ kinds: REASON });
    // "So long" says how long something took, not "long-range": no term of it is searched for.
    expect(analyzeQuery('why did the us hold back for so long').terms).toEqual(queryTerms('why did the us hold back'));
    expect(analyzeQuery('why has it taken this long').terms).toEqual(queryTerms('why has it taken'));
    expect(analyzeQuery('why are so long range missiles useful').terms).toContain('long');
    // What caused something is a reason, even when what it caused is saying something ("say" asks no statement).
    expect(typeOf('what finally tipped biden into saying yes?')).toEqual({ kinds: REASON });
    expect(typeOf('what pushed the us to authorize the strikes')).toEqual({ kinds: REASON });
    expect(typeOf('what changed between 2023 and 2024')).toEqual({ kinds: 0 });
    // "How come" is "why".
    expect(analyzeQuery('how come the us waited so long')).toMatchObject({
      terms: analyzeQuery('why did the us wait so long').terms,
      answerType: { kinds: REASON },
    });
    expect(typeOf('atacms range?')).toEqual({ kinds: NUMBER | MEASURE });
    // "What kind of X" asks about X; "what sorts of things" names nothing.
    expect(typeOf('what kind of artillery shells did zelenskiy bring up')).toEqual({ kinds: NAME, focus: 'shell' });
    expect(typeOf('what sorts of things could they go after with these')).toEqual({ kinds: 0 });
    expect(analyzeQuery('what kind of stuff could ukraine go after').terms).toEqual(queryTerms('ukraine go after'));
    // A "noun" before an object pronoun is a verb wink took for one.
    expect(typeOf('what kind of vehicle shoots them')).toEqual({ kinds: NAME, focus: 'vehicl' });
    // After "do", the noun is who does it: "what" is what they do, no name of theirs.
    expect(typeOf('what does the pentagon want')).toEqual({ kinds: 0 });
    expect(typeOf('what did the summer counteroffensive achieve')).toEqual({ kinds: 0 });
    expect(typeOf('what is the price of one missile')).toEqual({ kinds: NUMBER | MONEY });
    // A superlative of a dimension with no noun after it asks for a quantity; before a noun it qualifies the noun.
    expect(typeOf("what's the furthest these things can hit")).toEqual({ kinds: NUMBER | MEASURE });
    expect(typeOf('what is the earliest they could strike')).toEqual({ kinds: NUMBER | DATE });
    expect(typeOf('what is the longest range missile')).toEqual({ kinds: NAME, focus: 'missil' });
    expect(typeOf('what was the most advanced stuff ukraine got').kinds & NUMBER).toBe(0);
    // A yes-or-no question asks for no kind of answer, whatever quantity it names.
    expect(typeOf('was ukraine allowed to fire atacms into russia last year').kinds).toBe(0);
    expect(typeOf('is the range 300 km').kinds).toBe(0);
    // A "when" that opens a clause asks nothing: the question is yes or no, or what follows the comma.
    expect(typeOf('is ukraine gonna lose support when trump comes in').kinds).toBe(0);
    expect(typeOf('When John Fox left as head coach for the Broncos, who replaced him?')).toEqual({ kinds: NAME, action: 'replac' });
    expect(typeOf('when, exactly, did biden sign off')).toEqual({ kinds: NUMBER | NAME | DATE });
    // After "know", "info on"… the clause is what is asked; "when did…, and why" asks when.
    expect(typeOf('do we know when the war will end')).toEqual({ kinds: NUMBER | NAME | DATE, action: 'end' });
    expect(typeOf('when did biden approve atacms, and why')).toEqual({ kinds: NUMBER | NAME | DATE, action: 'approv' });
  });

  it('tells "how long" something lasted from how long a thing is', () => {
    expect(typeOf('how long has ukraine had atacms')).toEqual({ kinds: NUMBER | MEASURE, duration: true });
    expect(typeOf('how long did ukraine ask for atacms')).toEqual({ kinds: NUMBER | MEASURE, duration: true });
    expect(typeOf('how long were ukraines hands tied')).toEqual({ kinds: NUMBER | MEASURE, duration: true });
    // "For how long" asks a time, wherever the verb is.
    expect(typeOf('they were already flying them before the ban, for how long')).toEqual({ kinds: NUMBER | MEASURE, duration: true });
    expect(typeOf('how long is the bridge')).toEqual({ kinds: NUMBER | MEASURE });
    expect(typeOf('how long is the missile that ukraine uses')).toEqual({ kinds: NUMBER | MEASURE });
    expect(typeOf('how long is the bridge they attacked')).toEqual({ kinds: NUMBER | MEASURE });
  });

  it('tells an area asked from a length', () => {
    expect(typeOf('how many square kilometres of kursk does ukraine control')).toMatchObject({ area: true });
    expect(typeOf('how big is the area they hold in km²')).toMatchObject({ area: true });
    expect(typeOf('how many acres did the fire burn')).toMatchObject({ area: true });
    expect(typeOf('how many kilometres can atacms fly').area).toBeUndefined();
    expect(typeOf('what is the square in kyiv called').area).toBeUndefined();
  });

  it('finds the role a "who is…" question asks about, and none when it names someone', () => {
    expect(typeOf('who is zelenskys wife')).toEqual({ kinds: NAME, role: 'wife' });
    expect(typeOf("who is ukraine's foreign minister")).toEqual({ kinds: NAME, role: 'minist' });
    expect(typeOf('who is the ceo of lockheed martin')).toEqual({ kinds: NAME, role: 'ceo' });
    // A noun the tagger reads as an adjective after names is the role; a predicate adjective is none.
    expect(typeOf("who's the north korean general in charge of their troops")).toMatchObject({ kinds: NAME, role: 'general' });
    expect(typeOf('who was responsible for the decision')).not.toHaveProperty('role');
    expect(typeOf('who is andriy zagorodnyuk')).toEqual({ kinds: NAME });
    expect(typeOf('who was the first person to walk on the moon')).toEqual({ kinds: NAME });
    expect(typeOf('who made the decision')).toEqual({ kinds: NAME });
  });

  it('finds the verb a "who", "when" or "where" question asks about, and none for a light one', () => {
    expect(typeOf('who commands the north korean troops in kursk').action).toBe('command');
    // …and in the progressive, which the tagger reads as a noun or an adjective after "is".
    expect(typeOf('who is commanding the soldiers in kursk').action).toBe('command');
    expect(typeOf('who is arming ukraine').action).toBe('arm');
    // A yes-or-no question's subject, the name after its auxiliary, however the tagger reads it lower-cased; not
    // the owner of what it asks about.
    expect(typeOf('did britain let ukraine fire storm shadows into russia').subject).toBe('britain');
    expect(typeOf('has the kremlin warned of escalation').subject).toBe('kremlin');
    expect(typeOf("do ukraine's own analysts think this wins the war").subject).toBeUndefined();
    expect(typeOf('who actually builds em').action).toBe('build');
    expect(typeOf('who has been supplying ukraine').action).toBe('suppli');
    expect(typeOf('when was atacms first developed').action).toBe('develop');
    expect(typeOf('where did biden break the news to zelensky').action).toBe('break');
    // Who "makes" a thing manufactures it, which is asked about; a light verb is not.
    expect(typeOf('who makes atacms').action).toBe('manufactur');
    // Light verbs, a role, a verb of an infinitive or a relative clause: no doing asked about.
    for (const question of [
      'who made the decision',
      'who is the ceo of lockheed martin',
      'who was the first person to walk on the moon',
      'where is the science village located',
      'when was otto von bismarck born',
      'who asked for the limits to be lifted',
      'where did zelenskiy hold the press conference',
      'who is the mp that said the decision came too late',
    ])
      expect(typeOf(question).action, question).toBeUndefined();
  });

  it('finds who a "what did X say" question asks about', () => {
    expect(typeOf('what did france say about the decision')).toEqual({ kinds: TermKind.REPORT, speaker: 'franc' });
    expect(typeOf('what did the pentagon say about it')).toEqual({ kinds: TermKind.REPORT, speaker: 'pentagon' });
    expect(typeOf('what was said about the decision').speaker).toBeUndefined();
    // Past the words that stress who spoke; and a lower-case name the tagger reads as a verb is still the subject.
    expect(typeOf('what did putin himself say about the missiles')).toEqual({ kinds: TermKind.REPORT, speaker: 'putin' });
    expect(typeOf('what did the kremlin officially say about it')).toEqual({ kinds: TermKind.REPORT, speaker: 'kremlin' });
    expect(typeOf('what did trump say about the decision')).toEqual({ kinds: TermKind.REPORT, speaker: 'trump' });
    // A count asked stays a count, whoever the question says spoke: a statement with no number does not answer it.
    expect(typeOf('goncharenko says they need more, so how many is washington sending').kinds & TermKind.NUMBER).toBe(TermKind.NUMBER);
  });

  it('reads one person or firm asked for by what they are, and the noun the tagger took for an adjective', () => {
    expect(typeOf('Which North Korean general is in command of the troops?')).toMatchObject({ kinds: NAME, focus: 'general' });
    expect(analyzeQuery('which company builds the launchers').oneNamedAsked).toBe(true);
    expect(analyzeQuery('which officials confirmed it').oneNamedAsked).toBe(false);
    // The country the one asked for is said to be of.
    expect(typeOf('which canadian leader did he meet')).toEqual({ kinds: NAME, focus: 'leader', focusCountry: 'canada' });
  });

  it('reads what befell those a "how many" question counts, and the words that say the same', () => {
    expect(typeOf('of the troops sent, how many have been killed so far')).toMatchObject({ kinds: TermKind.NUMBER, action: 'kill' });
    expect(typeOf('how many civilians were wounded').fate).toContain(queryTerms('injured')[0]);
    // A count said with another verb still counts them: "how many troops did north korea send" is answered by "…10,000 troops being deployed".
    expect(typeOf('how many troops did north korea send').action).toBeUndefined();
    // A name last before the verb is what is counted; before "be" with no verb it is the group a share is asked of.
    expect(typeOf('How many HIMARS can one plane carry?')).toMatchObject({ kinds: TermKind.NUMBER, focus: queryTerms('himars')[0] });
    expect(typeOf('How many Canadians are religious?').focus).toBeUndefined();
  });

  it('reads a reporting verb in a clause set off by a comma as telling who someone is, not as asking what they said', () => {
    expect(typeOf('wat regiment is that colonel petrenko in, the one who said the drones never miss')).toEqual({ kinds: NAME, focus: 'regiment' });
    expect(typeOf('Petrenko, the one that told reporters the drones never miss: which city is he from?')).toEqual({ kinds: NAME, focus: 'citi' });
    // Without the comma the clause picks out who is asked about, and what they said is the thing to look for.
    expect(typeOf('whos the mp that said it couldve saved lives').kinds).toBe(TermKind.REPORT);
  });

  it('finds the noun a what/which question asks to name, past its modifiers', () => {
    expect(typeOf('What launcher is used to fire ATACMS?')).toEqual({ kinds: NAME, focus: 'launcher' });
    expect(typeOf('In which region is Ukraine expected to use the missiles?')).toEqual({ kinds: NAME, focus: 'region' });
    expect(typeOf('Which British and French missiles are officials advocating for?')).toMatchObject({ kinds: NAME, focus: 'missil' });
    expect(typeOf('What is the capital of France?')).toEqual({ kinds: NAME, focus: 'capit' });
  });

  it('asks for no name when the noun is something said or meant ("message", "goal"), and keeps it a search word', () => {
    expect(typeOf('what was the message from the head of the united nations')).toEqual({ kinds: 0 });
    expect(typeOf('What was the goal of the summer counteroffensive?')).toEqual({ kinds: 0 });
    expect(typeOf("what's the kremlin's response")).toEqual({ kinds: 0 });
    expect(analyzeQuery('what was the message from the UN').terms).toEqual(queryTerms('message from the UN'));
  });

  it('splits a message into the questions it asks one after another, but not a follow-up', () => {
    expect(questionParts('how far can they go and how much do they cost')).toEqual(['how far can they go', 'how much do they cost']);
    expect(questionParts('who makes them? what do they cost?')).toEqual(['who makes them', 'what do they cost?']);
    expect(questionParts('what is the range, and what did zelensky say')).toEqual(['what is the range', 'what did zelensky say']);
    // A preposition may stand before the second question word.
    expect(questionParts('which firm builds them, and in which state is the factory?')).toEqual(['which firm builds them', 'in which state is the factory?']);
    for (const one of [
      'when did biden sign off on the strikes? what date?',
      'didnt kyiv promise not to use them on russia? what happened to that',
      'has ukraine used atacms before and did it work',
      'who said what about the missiles',
      'Prior to Super Bowl 50, when were the Broncos last there?',
      'What is the name of the head coach, who was hired after John Fox?',
    ])
      expect(questionParts(one)).toEqual([one]);
  });

  it('takes a reporting verb as asking for a statement, not as a word to search for', () => {
    const { NAME: name, REPORT } = TermKind;
    expect(analyzeQuery('What did Sovsun say?')).toMatchObject({ terms: ['sovsun'], answerType: { kinds: REPORT } });
    expect(analyzeQuery('What has the Pentagon stated about it?')).toMatchObject({ terms: ['pentagon'], answerType: { kinds: REPORT } });
    // Kept when it is the only word to search for, and never taken from a noun ("state").
    expect(analyzeQuery('What did they say?').terms).toEqual(['say']);
    expect(analyzeQuery('What state is Kursk in?').terms).toEqual(queryTerms('state Kursk'));
    expect(analyzeSentence('“It is late,” Sovsun remarked.')).toEqual({ terms: ['late', 'sovsun', 'remark'], kinds: [0, name, REPORT] });
  });

  it('reads "this", "these" or "those" standing alone as pointing back at what the channel speaks of', () => {
    expect(analyzeQuery('r ppl worried abt intl fallout w this').pointsBack).toBe(true);
    expect(analyzeQuery('do experts think this draws new lines').pointsBack).toBe(true);
    expect(analyzeQuery('why are these so expensive').pointsBack).toBe(true);
    expect(analyzeQuery('what happened this weekend').pointsBack).toBe(false);
    expect(analyzeQuery('are these new missiles fast').pointsBack).toBe(false);
    // "It" as what a verb that makes news known took: the news, unless a name or plural noun before it could be.
    expect(analyzeQuery('has any official actually denied it or is it gossip').pointsBack).toBe(true);
    expect(analyzeQuery('the missiles were sent, has anyone confirmed it').pointsBack).toBe(false);
    expect(analyzeQuery('what time is it').pointsBack).toBe(false);
    expect(analyzeQuery('how far r these things fly').pointsBack).toBe(true);
    // "Them" with nothing named before it for it to stand for; a plural after it is not what it stands for.
    expect(analyzeQuery('which firm builds em, bet theyre rubbin their hands w all the orders').pointsBack).toBe(true);
    expect(analyzeQuery('did the soldiers see them').pointsBack).toBe(false);
    // Chat spelling said as spoken, and an apology before the question, are read as what they say.
    expect(analyzeQuery('sry if dumb q but how many north korean soldiers r we talkin abt').terms).toEqual(queryTerms('many north korean soldiers talking'));
    expect(analyzeQuery('is that enuff, anyone kno').terms).toContain(queryTerms('enough')[0]);
    // "sumthin else", a filler typed fast: no words to search for.
    expect(analyzeQuery('wat kinda missile is it, cruise or sumthin else').terms).toEqual(queryTerms('missile cruise'));
    expect(analyzeQuery('how far do these actualy go').terms).toEqual(queryTerms('go'));
    expect(analyzeQuery('acutally who makes them, realy').terms).toEqual(queryTerms('manufactures'));
    expect(analyzeQuery('is the rally real').terms).toEqual(queryTerms('rally real'));
    // A dropped "g" is read back where English knows the word with it and not without; "cabin", "robin" stay.
    expect(analyzeQuery('r they gettin more missiles, ppl keep sayin so').terms).toEqual(
      analyzeQuery('r they getting more missiles, ppl keep saying so').terms,
    );
    expect(analyzeQuery("is lockheed makin' more").terms).toEqual(analyzeQuery('is lockheed making more').terms);
    expect(analyzeQuery('who was in the cabin with robin').terms).toEqual(queryTerms('cabin robin'));
    // "Anyway" turns to the question or shrugs, and "bot," addresses the bot: neither is searched for.
    expect(analyzeQuery('anyway bot, who makes them').terms).toEqual(analyzeQuery('who makes them').terms);
    expect(analyzeQuery('so who pays for them anyhow').terms).toEqual(analyzeQuery('so who pays for them').terms);
    // An emoji before a question word ends what the member said around the question, as a full stop would.
    expect([...analyzeQuery('the kiln is finally fixed 🔥 who makes the atacms').asides]).toEqual([0]);
    expect([...analyzeQuery('the kiln is finally fixed 🔥 anyway bot, who makes the atacms').asides]).toEqual([0]);
    // A write-up is an article, named by its year as one would be: "up" is no word to search for.
    expect(analyzeQuery('what did the 2023 write-up say the russians would do').terms).toEqual(
      analyzeQuery('what did the 2023 article say the russians would do').terms,
    );
    expect(analyzeQuery('what does the write up say about kursk').terms).toEqual(queryTerms('kursk'));
    // Contractions typed without the apostrophe are their words: "hes" is "he is", not a search word.
    expect(analyzeQuery('r they scared trump undoes it when hes in').terms).toEqual(analyzeQuery("r they scared trump undoes it when he's in").terms);
    expect(analyzeQuery('shes an mp right, theyll know').terms).toEqual(queryTerms('mp right know'));
    expect(analyzeQuery('what movies has tom hanks died in').terms).toContain(queryTerms('hanks')[0]);
    // A name asked for in so many words; "the name of…" asks for the thing.
    for (const q of ['which airbases did they hit? any names?', "the pentagon guy, what's his actual name", 'who was it, have they got a name'])
      expect(analyzeQuery(q).namesAsked, q).toBe(true);
    for (const q of ['what is the name of the stadium', 'who makes atacms']) expect(analyzeQuery(q).namesAsked, q).toBe(false);
    expect(analyzeQuery('which senator voted no? want to get his name right for the minutes').namesAsked).toBe(true);
    // Wanting the name is asking for one; wanting the name of something asks for the thing.
    expect(analyzeQuery('which minister said it? my sister wants the name for her essay').namesAsked).toBe(true);
    expect(analyzeQuery('I need the name of the stadium').namesAsked).toBe(false);
    expect(analyzeQuery("which officials told nbc? I'd like their names for the noticeboard").namesAsked).toBe(true);
    expect(analyzeQuery("who briefed the press? we're after the names for the minutes").namesAsked).toBe(true);
    expect(analyzeQuery("which senator objected? i can't remember his name").namesAsked).toBe(true);
    // "Please" is a filler to the chat reading, not to the request it makes: "names please".
    expect(analyzeQuery('which officials said so? names please, for the quiz').namesAsked).toBe(true);
    expect(analyzeQuery('which diplomats briefed reuters? were any of them ever named').namesAsked).toBe(true);
    expect(analyzeQuery('who is the bridge named after').namesAsked).toBe(false);
    // What a question sets aside, capitalised or not.
    for (const q of ['Apart from Odesa, which ports were shelled?', 'other than the money, what did he get', 'Besides HIMARS, what launchers are there'])
      expect(analyzeQuery(q).setsAside, q).toBe(true);
    expect(analyzeQuery('which other ports were shelled').setsAside).toBe(false);
    // What a "not" opening a clause sets against what is asked is not asked ("not just" adds it).
    expect(analyzeQuery('how many were hurt, not killed, on sunday').terms).toEqual(queryTerms('hurt sunday'));
    expect(analyzeQuery('how many were hurt, not killed, on sunday').setAgainst).toEqual(new Set(queryTerms('killed')));
    expect(analyzeQuery('how many were hurt, not just killed').terms).toEqual(queryTerms('hurt killed'));
    // "Not counting" leaves out what follows the verb.
    expect(analyzeQuery('how many soldiers r there, not countin the north koreans').setAgainst).toEqual(new Set(queryTerms('north koreans')));
    // Someone's own words asked for, not what the article says of them.
    for (const q of [
      'what did putin himself say about it',
      'what did he personally say',
      'any direct quote from the pentagon?',
      'how did she put it, in her own words',
    ])
      expect(analyzeQuery(q).quotationAsked, q).toBe(true);
    for (const q of ['what did the pentagon say', 'quote the 004 article on the price', 'what were his exact words'])
      expect(analyzeQuery(q).quotationAsked, q).toBe(false);
    // …and what someone said, word for word; the article's own words asked for exactly are not someone's.
    expect(analyzeQuery('what did the pentagon say, word for word?').quotationAsked).toBe(true);
    expect(analyzeQuery('word for word, how does the 004 article put the price').quotationAsked).toBe(false);
    // Nor are "something", "anyone", "somewhere", nor the words that ask to confirm what the member says.
    expect(analyzeQuery('wat did the pentagon say abt it tho, anything fr?').terms).toEqual(queryTerms('pentagon'));
    expect(analyzeQuery('i read they can only reach about 100 miles, is that right?').terms).toEqual(queryTerms('reach 100 miles'));
    expect(analyzeQuery('is it true that biden said yes, tru?').terms).toEqual(queryTerms('biden yes'));
    expect(analyzeQuery('r the missiles accurate').terms).toEqual(queryTerms('missiles accurate'));
    expect(analyzeQuery('who is right').terms).toEqual(queryTerms('right'));
    // …and "things", "stuff" after them are no words to search for ("Such things are not announced").
    expect(analyzeQuery('how pricey is just one of these things').terms).toEqual(queryTerms('pricey one'));
    expect(analyzeQuery('were people scared over this stuff').terms).toEqual(queryTerms('people scared over'));
    expect(analyzeQuery('what things did the us send').terms).toContain(queryTerms('things')[0]);
    expect(analyzeQuery('is the pentagon saying anything abt it').pointsBack).toBe(true);
    expect(analyzeQuery('explain it simple').pointsBack).toBe(false);
    expect(analyzeQuery('is it the fancy tech that makes each one so pricey').pointsBack).toBe(true);
    expect(analyzeQuery('how much does each one of the missiles cost').pointsBack).toBe(false);
  });

  it('reads "these" before a singular word, "this" before a plural, and "they" or "them" with nothing to stand for, as pointing back', () => {
    // The tagger takes the verb for a noun; "these" and "those" only determine plurals.
    expect(analyzeQuery('ok so how much do these cost a pop').pointsBack).toBe(true);
    expect(analyzeQuery('how far do those go').pointsBack).toBe(true);
    expect(analyzeQuery('r they gonna start shootin em soon or wat').pointsBack).toBe(true);
    // "This" determines a singular: before a plural "noun" it stands alone.
    expect(analyzeQuery('any worry this messes w china').pointsBack).toBe(true);
    expect(analyzeQuery('is anyone worried this snowballs into a wider war').pointsBack).toBe(true);
    expect(analyzeQuery('what does this decision mean').pointsBack).toBe(false);
    // A name or a plural noun is what "they" stands for.
    expect(analyzeQuery('what language do they speak in brazil').pointsBack).toBe(false);
    expect(analyzeQuery('do cats sleep a lot because they are bored').pointsBack).toBe(false);
  });

  it('names the nouns a demonstrative points at, but not a time', () => {
    expect(analyzeQuery('does anyone actually think this war might wrap up soon').pointedAt).toEqual(['war']);
    expect(analyzeQuery('whos gonna win the champions league this year').pointedAt).toEqual([]);
    expect(analyzeQuery('what happened this weekend').pointedAt).toEqual([]);
  });

  it('counts nothing with "one of": it picks one out of many', () => {
    expect(analyzeSentence('It is one of the hardest seasons.').kinds[0]! & TermKind.NUMBER).toBe(0);
    expect(analyzeSentence('Only one missile was fired.').kinds[0]! & TermKind.NUMBER).toBe(TermKind.NUMBER);
  });

  it('reads clipped words as the words they clip, and leaves a capitalised name alone', () => {
    expect(analyzeQuery('were ppl worried about nukes').terms).toEqual(queryTerms('people worried about nuclear weapons'));
    expect(analyzeQuery('were ordinary ppls homes hit').terms).toEqual(analyzeQuery('were ordinary peoples homes hit').terms);
    // "What made…" asks for a cause; "what made up…" for parts.
    expect(analyzeQuery('what made the germans so slow to send tanks').terms).toEqual(queryTerms('germans slow send tanks'));
    expect(analyzeQuery('what made up the aid package').terms).toContain(queryTerms('made')[0]);
    // "When exactly" presses the question; "what exactly did he say" asks for his very words.
    expect(analyzeQuery('when exactly is a high tackle legal').terms).toEqual(queryTerms('high tackle legal'));
    expect(analyzeQuery('what exactly did he say').terms).toContain(queryTerms('exactly')[0]);
    expect(analyzeQuery('what did the admin say abt the intel').terms).toEqual(queryTerms('administration say intelligence'));
    expect(analyzeQuery('What did Intel say?').terms).toEqual(queryTerms('Intel say'));
    expect(analyzeQuery('who was the ex defence minister').terms).toEqual(queryTerms('former defence minister'));
    expect(analyzeQuery('did the us finally say yes').terms).toEqual(analyzeQuery('did the U.S. finally say yes').terms);
    expect(analyzeQuery('ngl r ppl worried abt intl fallout').terms).toEqual(queryTerms('people worried international fallout'));
    expect(analyzeQuery('is every1 watching the natl guard').terms).toEqual(queryTerms('everyone watching national guard'));
    expect(analyzeQuery('r the troops jus hanging near the border').terms).toEqual(analyzeQuery('are the troops just hanging near the border').terms);
    expect(analyzeQuery('wat weapons did they hav like tanks n stuff').terms).toEqual(analyzeQuery('what weapons did they have like tanks and stuff').terms);
  });

  it('keeps the particle after a verb when it is a function word, for phrasal verbs', () => {
    expect(analyzeQuery('did the un weigh in on this').particles.get(queryTerms('weigh')[0]!)).toBe('in');
    expect(analyzeQuery('was biden leaned on to step up').particles.get(queryTerms('leaned')[0]!)).toBe('on');
    expect(analyzeQuery('how far can they reach').particles.size).toBe(0);
  });

  it('leaves out what the member says they are not asking, up to the end of its clause', () => {
    expect(queryTerms('not asking u to draft one — what did the waiver do?')).toEqual(queryTerms('what did the waiver do?'));
    expect(queryTerms('(not asking u to play!) what was the objective')).toEqual(queryTerms('what was the objective'));
    expect(queryTerms('not asking for ur forecast just what the analysts said')).toEqual(queryTerms('just what the analysts said'));
    // …and keeps what is asked of the sources about asking.
    expect(queryTerms('who asked for the missiles')).toContain(queryTerms('asked')[0]);
  });

  it('reads "the us" and a lower-case "u.s." as the country, and a pronoun "us" as none', () => {
    const us = queryTerms('U.S.')[0]!;
    expect(analyzeQuery('does this cause headaches for the us').terms).toContain(us);
    expect(analyzeQuery('why did the us drop the restrictions').terms).toEqual(analyzeQuery('why did the U.S. drop the restrictions').terms);
    expect(analyzeQuery('is the u.s. helping').terms).toEqual(queryTerms('U.S. helping'));
    expect(analyzeQuery('can you tell us more about the missiles').terms).not.toContain(us);
  });

  it('reads "going to", "gonna", "supposed to" before a verb as a tense or a purpose, not as a word to search for', () => {
    expect(analyzeQuery('is ukraine gonna lose support').terms).toEqual(queryTerms('ukraine lose support'));
    expect(analyzeQuery('Is Ukraine going to lose support?').terms).toEqual(queryTerms('Ukraine lose support'));
    expect(analyzeQuery('wat r the missiles supposed to help counter').terms).toEqual(queryTerms('missiles help counter'));
    // A real going somewhere is still searched for.
    expect(analyzeQuery('where are the troops going to').terms).toContain(queryTerms('going')[0]);
    expect(analyzeQuery('who is going to Kursk').terms).toEqual(queryTerms('going Kursk'));
  });

  it('reads what a member says they thought or heard as the frame of the question, not a word to search for', () => {
    expect(analyzeQuery('wait i thought ukraine promised not to use atacms on russia').terms).toEqual(queryTerms('ukraine promised use atacms russia'));
    expect(analyzeQuery('I heard Lockheed makes them').terms).toEqual(queryTerms('Lockheed makes'));
    // Someone else's thinking is what is asked about.
    expect(analyzeQuery('what do ukrainians think of the decision').terms).toContain(queryTerms('think')[0]);
  });

  it('marks the words that give a reason or a purpose, and not an infinitive that completes the word before it', () => {
    const reasons = (text: string) => {
      const { terms, kinds } = analyzeSentence(text);
      return terms.filter((_, i) => (kinds[i]! & TermKind.REASON) !== 0);
    };
    expect(reasons('Washington held back amid concerns about escalation.')).toEqual(queryTerms('concerns escalation'));
    expect(reasons('The lakes are emptied because of sediment.')).toEqual(queryTerms('sediment'));
    expect(reasons('He cut all ties with them to hide the fact.')).toEqual(queryTerms('hide'));
    expect(reasons('He was returned to Gospić for not having a permit.')).toEqual(queryTerms('having'));
    expect(reasons('Strikes are expected to start soon, and the decision to provide them is made.')).toEqual([]);
  });

  it('tells a question about who something is now from one about before', () => {
    expect(analyzeQuery('who is ukraines defence minister').asksWhoIsNow).toBe(true);
    expect(analyzeQuery("what's the name of the US defense secretary").asksWhoIsNow).toBe(true);
    // What the member says beside the question of who holds it now, and "now then", put nothing in the past.
    expect(analyzeQuery("who's the defence minister now, since zagorodnyuk is the ex one").asksWhoIsNow).toBe(true);
    expect(analyzeQuery('who is the defence minister now then').asksWhoIsNow).toBe(true);
    // …nor what the member says before it, where the question asks for now ("There's a former minister quoted. Who
    // is he?" asks who the former one is).
    expect(analyzeQuery("zagorodnyuk is the former defence minister, so who is ukraine's defence minister now?").asksWhoIsNow).toBe(true);
    expect(analyzeQuery("there's a former defence minister quoted somewhere. who is he?").asksWhoIsNow).toBe(false);
    // …nor what the member says they do not ask.
    expect(analyzeQuery("who's the us defense secretary today, not the ex one").asksWhoIsNow).toBe(true);
    for (const before of [
      'who was the defence minister',
      'who is the former defence minister',
      'who is the minister in 2019',
      'who makes atacms',
      "what's zagorodnyuk's take, the ex defence minister",
      'who is the minister then, if not him',
    ])
      expect(analyzeQuery(before).asksWhoIsNow).toBe(false);
  });

  it('says nothing when the question does not name a kind', () => {
    expect(typeOf('What happened to the decision?')).toEqual({ kinds: 0 });
    expect(typeOf('How did Russian officials characterize it?')).toEqual({ kinds: 0 });
    expect(typeOf('ATACMS launchers')).toEqual({ kinds: 0 });
  });

  it('reads a fragment that names a quantity as asking for a number of that kind', () => {
    expect(typeOf('ATACMS range')).toEqual({ kinds: NUMBER | MEASURE });
    expect(typeOf('price of one atacms?')).toEqual({ kinds: NUMBER | MONEY });
    expect(typeOf('how pricey is a single atacms')).toEqual({ kinds: NUMBER | MONEY });
  });

  it('tells what kind of quantity each number of a sentence is, from the words around it', () => {
    const kindsOf = (text: string) => {
      const { terms, kinds } = analyzeSentence(text);
      return Object.fromEntries(terms.map((t, i) => [t, kinds[i]! & (MONEY | DATE | MEASURE | PERCENT)]));
    };
    expect(kindsOf('Each costs between $1 million and $1.5 million.')).toMatchObject({ '1': MONEY, '1.5': MONEY, million: MONEY });
    expect(kindsOf('It can reach targets up to 190 miles (300 km) away.')).toMatchObject({ '190': MEASURE, '300': MEASURE });
    expect(kindsOf('In 2023, 10,000 troops arrived on November 17.')).toMatchObject({ '2023': DATE, '10000': 0, '17': DATE, novemb: DATE });
    expect(kindsOf('About 40% of it, or 12 percent more.')).toMatchObject({ '40': PERCENT, '12': PERCENT });
    // "May" is a month only beside a number.
    expect(kindsOf('They may strike on 5 May.')).toMatchObject({ '5': DATE });
    expect(analyzeSentence('They may strike soon.').kinds.every((k) => (k & DATE) === 0)).toBe(true);
  });

  it("marks names and numbers among a sentence's terms", () => {
    const { terms, kinds } = analyzeSentence('Lockheed Martin builds 500 missiles.');
    expect(terms).toEqual(['lockhe', 'martin', 'build', '500', 'missil']);
    expect(kinds).toEqual([NAME, NAME, 0, NUMBER, 0]);
  });
});

describe('questions about change', () => {
  it('reads what asks how things stand over time, and does not search for those words', () => {
    const change = (q: string) => analyzeQuery(q).asksAboutChange;
    expect(change('can they hit russia now')).toBe(true);
    expect(change('ukraine used to not be able to strike inside russia')).toBe(true);
    // The fate of a promise or a ban: what it was, and what became of it.
    expect(change('didnt kyiv promise not to use them on russia? what happened to that')).toBe(true);
    expect(change("what's happened with the ban on strikes")).toBe(true);
    expect(analyzeQuery('what happened to the pledge').terms).toEqual(queryTerms('pledge'));
    expect(change('What launcher is used to fire ATACMS?')).toBe(false);
    expect(change('what happened in kursk on sunday')).toBe(false);
    expect(change('did biden say nothing would happen to russia')).toBe(false);
    expect(change('what is happening with the ban')).toBe(true);
    // …or whether it is gone: what it was, and that it is no more.
    expect(change('so the restrictions r gone?')).toBe(true);
    expect(change('was the pledge scrapped')).toBe(true);
    // "Still" before a verb in "-ing", after a question word: an activity going on, not a change.
    expect(change('what are russian forces still hitting civilians with')).toBe(false);
    expect(change('is ukraine still promising not to fire them into russia')).toBe(true);
    expect(change('what is ukraine still not allowed to hit')).toBe(true);
  });

  it('reads "change" after a modal or "to" as what something may bring about, and searches for it', () => {
    const change = (q: string) => analyzeQuery(q).asksAboutChange;
    for (const effect of ['will this change the outcome of the war', 'could atacms change anything', 'is this gonna change the war']) {
      expect(change(effect)).toBe(false);
      expect(analyzeQuery(effect).terms).toContain(queryTerms('change')[0]);
    }
    for (const over of ['did the us change its mind', 'has the policy changed', 'what changed since 2023', 'was the ban lifted'])
      expect(change(over)).toBe(true);
    // "Who used to", "did he used to" name a former holder.
    expect(change('name of the guy who used to run the defence ministry')).toBe(false);
    expect(change('who is he and what job did he used to have')).toBe(false);
    expect(change('they used to say no, do they still')).toBe(true);
    // In the present, acting on something, it asks what that thing does.
    for (const effect of ['do experts think this flips the whole war', 'does it change the outcome']) expect(change(effect)).toBe(false);
    // What something helps bring about is wanted, not a change that happened.
    for (const effect of ['might the missiles help the army reclaim towns or lift spirits', 'did the aid help kyiv change its tactics'])
      expect(change(effect)).toBe(false);
    expect(change('did the help from europe change after 2023')).toBe(true);
    // A change that names the occasion of what is asked is when it happened, not a change asked about.
    for (const occasion of ['in 2024 when biden reversed course, what did the kremlin threaten', 'what did sovsun say once the ban was lifted'])
      expect(change(occasion)).toBe(false);
    for (const over of ['what changed once trump won', 'was it still banned when biden left office']) expect(change(over)).toBe(true);
    // Said there, a change is what the question is about when it asks of nothing else; in one that asks about change on
    // other grounds, it is a word of time like the rest.
    expect(analyzeQuery('what did sovsun say once the ban was lifted').terms).toContain(queryTerms('lifted')[0]);
    expect(analyzeQuery('he said nothing when asked about the ban being lifted. is he any more open in 2024?').terms).not.toContain(queryTerms('lifted')[0]);
    // "right now" ("rn") is "now", and no "right" is searched for.
    expect(analyzeQuery('can they hit russia rn')).toMatchObject({ asksAboutChange: true, terms: queryTerms('hit russia') });
    // A number or a reason asked for is what is asked, whatever time the question names; without a question
    // word, "last year" is a time, not a quantity.
    expect(analyzeQuery('how many nk troops r there rn')).toMatchObject({ asksAboutChange: false, terms: queryTerms('nk troops') });
    expect(change('why didnt the us wanna give them atacms at first')).toBe(false);
    // Two years named ask across both, whatever is asked of each.
    expect(change('why did the us send them in 2023, and why let them fire into russia in 2024')).toBe(true);
    expect(change('was ukraine allowed to fire atacms into russia last year')).toBe(true);
    // A question word in a sentence that only tells is not what the message asks: the two years ask what changed.
    expect(change('Back in 2023 he would not say yes or no when asked about the missiles. Is he more open about it in 2024?')).toBe(true);
    expect(analyzeQuery('Zelenskiy kept quiet when asked. Where are the missiles now?').answerType.kinds).not.toBe(0);
    // "Anyway," turns from what was said around the question to it, and is no word of either; not after a question.
    const turned = analyzeQuery('Sent the 2023 rota round at last anyway, when did biden approve the missiles?');
    expect(turned.terms).not.toContain(queryTerms('anyway')[0]);
    expect(turned.answerType.kinds & TermKind.DATE).toBe(TermKind.DATE);
    expect(change('Sent the 2023 rota round at last anyway, when did biden approve the missiles?')).toBe(false);
    expect(analyzeQuery('who gives ukraine most of its weapons anyway, is it the us').answerType.kinds).toBe(TermKind.NAME);
    // The phrases are read in chat spelling read back: "iz used to fire" is "is used to fire", no habit.
    expect(change('what launcher iz used to fire atacms')).toBe(false);
    // A "now" in a claim the member tells before asking about it is the claim's, not the question's.
    expect(change('the kremlin keeps claiming the us is at war with russia now, do analysts agree with that')).toBe(false);
    expect(change('did biden say ukraine can now strike inside russia')).toBe(true);
    expect(change('my mate insists ukraine is still bound by that pledge, is he right')).toBe(true);
    expect(analyzeQuery('do u think biden was right').terms).toContain(queryTerms('right')[0]);
    // After "to", a change wanted: "lifted" is what was asked for.
    expect(change('who asked for the limits to be lifted')).toBe(false);
    expect(analyzeQuery('who asked for the limits to be lifted').terms).toEqual([...queryTerms('asked limits'), ...queryTerms('lift')]);
  });
});

describe("members' chat spelling", () => {
  it('reads abbreviations, apostrophe-less contractions, fillers, emoji and stretched letters as the words meant', () => {
    expect(readChatSpelling('iz lockheed makin more of em now')).toBe('is lockheed making more of them now');
    expect(readChatSpelling('y was the us scared b4 lol 😂🤔').replace(/\s+/g, ' ').trim()).toBe('why was the U.S. scared before');
    expect(readChatSpelling('didnt they promise tbh')).toBe('did not they promise ');
    // Who "makes" a thing manufactures it; a light "make" ("made the decision"), "makes up" and "what makes…" stay.
    expect(readChatSpelling('who actually makes these drones').replace(/\s+/g, ' ')).toBe('who manufactures these drones');
    expect(readChatSpelling('which firm is making them')).toBe('which firm is manufacturing them');
    expect(readChatSpelling('who made the final decision')).toBe('who made the final decision');
    expect(readChatSpelling('who makes up the council')).toBe('who makes up the council');
    expect(readChatSpelling('what makes them so pricey')).toBe('what makes them so pricey');
    // The member losing track is no word of the question; a track lost in the question is.
    expect(readChatSpelling('r the troops dug in or nah, kinda lost track').replace(/\s+/g, ' ').trim()).toBe('are the troops dug in or ,');
    expect(readChatSpelling('did the radar lose track of the missiles')).toContain('lose track');
    expect(readChatSpelling('whyyyy sooooo slow')).toBe('why so slow');
    // A number for a syllable ("4got", "2day"), and the Brits, who are British to the articles.
    expect(readChatSpelling('i 4got which missile the brits sent')).toBe('i forgot which missile the british sent');
    expect(readChatSpelling('how much has the us put in, like 50 bil?')).toBe('how much has the U.S. put in, like 50 billion?');
    expect(readChatSpelling('is it 1.5mil each or 2bn')).toBe('is it 1.5 million each or 2 billion');
    expect(readChatSpelling('cud this backfire or wud it help')).toBe('could this backfire or would it help');
    expect(analyzeQuery('how many missiles is biden sending, like a lot?').terms).toEqual(analyzeQuery('how many missiles is biden sending, like?').terms);
    // What a member says before the question about asking it.
    expect(readChatSpelling('ok so basically what im asking is how far can atacms go')).toBe('how far can atacms go');
    // A chat word with a possessive or "is" on it; "sm" is "so much".
    expect(readChatSpelling("wat's the pentagon sayin")).toBe("what's the pentagon saying");
    expect(readChatSpelling('y does winter matter sm')).toBe('why does winter matter so much');
    // "100k" is a hundred thousand, "rite" is "right"; a hedge ("kinda small") names no kind of thing.
    expect(readChatSpelling('i thought it was like 100k north koreans, rite?')).toBe('i thought it was like 100 thousand north koreans, right?');
    expect(analyzeQuery('the aid sounds kinda small').terms).toEqual(queryTerms('the aid sounds small'));
    expect(analyzeQuery('what kinda targets can they hit').answerType).toEqual({ kinds: TermKind.NAME, focus: 'target' });
    // Ordinals in digits are the articles' words; a century's is not chat.
    expect(readChatSpelling('when do the 1st ones get fired, and the 2nd')).toBe('when do the first ones get fired, and the second');
    expect(readChatSpelling('in the 21st century')).toBe('in the 21st century');
    expect(readChatSpelling('ngl i dont get it, why did the us wait')).toBe('why did the U.S. wait');
    expect(readChatSpelling('can someone explain to me like im 5 why the us waited')).toBe('why the U.S. waited');
    // Written as names, they keep their meaning.
    expect(readChatSpelling('Did the US and UK agree? R&D')).toBe('Did the US and UK agree? R&D');
    expect(queryTerms('how much do 1 of these cost lol 😂')).toEqual(queryTerms('how much do 1 of these cost'));
    // "2" for "to" after a verb or adjective; a count stays a count.
    expect(analyzeQuery('y was the us scared 2 send them b4').terms).toEqual(queryTerms('why was the us scared to send them before'));
    expect(analyzeQuery('r pilots learning 2 fly f16s').numbers.has('2')).toBe(false);
    expect(analyzeQuery('they fired 2 atacms').numbers.has('2')).toBe(true);
    // A holder in the past is a "former" one, as articles say; the verb "use" stays where it is one.
    expect(analyzeQuery('who was the fella who used to head the navy').terms).toContain('former');
    expect(analyzeQuery('who was the fella who used to head the navy').terms).not.toContain('use');
    expect(analyzeQuery('what were the drones used to hit').terms).not.toContain('former');
    // One of the sources, saying or quoting, is no word of the topic; one of some other pieces is.
    expect(analyzeQuery('one of the stories quotes an admiral, what did he say').terms).not.toContain('stori');
    expect(analyzeQuery('one of the stories quotes an admiral, what did he say').terms).not.toContain('one');
    expect(analyzeQuery('which of the pieces did they send first').terms).toContain('piec');
    // …and after "have", "got", "need" when a verb follows, which wink-nlp may read as no verb.
    expect(analyzeQuery('wat do they hav 2 do in the cold').terms).not.toContain('2');
    expect(analyzeQuery('they have 2 launch sites left').terms).toContain('2');
    // A two-digit year after "in", "since"… or before a singular noun; a count stays a count.
    expect(analyzeQuery('how many they get in 23 lol').terms).toContain('2023');
    expect(analyzeQuery('wat was the 23 summer push tryin 2 reach').terms).toContain('2023');
    expect(analyzeQuery('fired 23 missiles in 23 days').terms).not.toContain('2023');
    expect(analyzeQuery('the 23 soldiers').terms).not.toContain('2023');
  });
});

describe('containsWord', () => {
  it('finds whole words only, possessives included', async () => {
    const { containsWord } = await import('../src/engine/language/language.ts');
    expect(containsWord("zelenskiy's visit", 'zelenskiy')).toBe(true);
    expect(containsWord('manufactured', 'manufacture')).toBe(false);
    expect(containsWord('the us-made missiles', 'made')).toBe(true);
    expect(containsWord('café noir', 'caf')).toBe(false);
    expect(containsWord('a rerun, then run', 'run')).toBe(true);
  });
});
