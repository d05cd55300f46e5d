// Deliberately hostile strings planted in the sample data (summaries, transcripts, agent and
// action names, action parameters, extracted data) so that every UI test meets them: markup
// must be shown as text, long words must wrap, right-to-left text and emoji must render.

export const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
export const HOSTILE_SCRIPT = '<script>alert("voice-ai-xss")</script>';
export const HOSTILE_SVG = '"><svg onload=alert(document.domain)>';
export const HOSTILE_TEMPLATE = "{{constructor.constructor('alert(1)')()}} ${7*7} `$(whoami)`";
export const HOSTILE_LINK = '[click me](javascript:alert(1)) <a href="javascript:alert(1)">open</a>';
/** 600 characters with no break opportunity. */
export const LONG_WORD = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(13) + 'X';
export const LONG_URL = 'https://example.com/' + 'a1b2c3d4e5'.repeat(40) + '?q=' + 'z'.repeat(120);
export const ARABIC = 'مرحبا، أريد حجز موعد يوم الثلاثاء من فضلك';
export const HEBREW = 'שלום, אני רוצה לקבוע תור ליום שלישי';
/** U+202E RIGHT-TO-LEFT OVERRIDE: flips the rest of the line when rendered naively. */
export const RTL_OVERRIDE = 'invoice\u202Efdp.exe';
export const EMOJI = '😀🎉👍🏽 👨‍👩‍👧‍👦 🇺🇸 ☎️📞';

/** Every hostile string, for the realism tests and for picking. */
export const HOSTILE_STRINGS: readonly string[] = [
  HOSTILE_IMG,
  HOSTILE_SCRIPT,
  HOSTILE_SVG,
  HOSTILE_TEMPLATE,
  HOSTILE_LINK,
  LONG_WORD,
  LONG_URL,
  ARABIC,
  HEBREW,
  RTL_OVERRIDE,
  EMOJI,
];

/** Sentences mixing the hostile strings into otherwise ordinary text. */
export const HOSTILE_SUMMARIES: readonly string[] = [
  `Caller typed ${HOSTILE_IMG} into the booking form and asked why the page looked broken.`,
  `Caller read out a "coupon code" ${HOSTILE_SCRIPT} — agent declined to apply it.`,
  `Caller spelled a very long reference number: ${LONG_WORD}`,
  `Caller spoke Arabic: "${ARABIC}" and was offered a callback in English.`,
  `Caller (Hebrew speaker) said "${HEBREW}"; appointment booked for Tuesday.`,
  `Caller was delighted ${EMOJI} and left a 5-star review.`,
  `Caller pasted a link ${LONG_URL} and asked whether it was safe.`,
  `Caller asked about ${HOSTILE_TEMPLATE} pricing; agent explained the plans. ${HOSTILE_SVG}`,
  `Caller mentioned file ${RTL_OVERRIDE} from an email. ${HOSTILE_LINK}`,
];

export const HOSTILE_TRANSCRIPT_LINES: readonly string[] = [
  `human: my name is ${HOSTILE_IMG} ok?`,
  `human: ${HOSTILE_SCRIPT}`,
  `human: the reference is ${LONG_WORD}`,
  `human: ${ARABIC}`,
  `human: ${HEBREW}`,
  `human: thanks!! ${EMOJI}`,
  `bot: I can't open links like ${LONG_URL}, sorry.`,
  `human: ${HOSTILE_SVG} ${HOSTILE_TEMPLATE}`,
];
