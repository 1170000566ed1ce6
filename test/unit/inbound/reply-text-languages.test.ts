import { extractReplyText } from '../../../functions/inbound/reply-text';

/**
 * Replies written for these tests in languages and clients the corpus does not have: the
 * extraction must work from the structure of a reply, not from phrases it has seen.
 */
const QUOTE_HEADERS: [string, string][] = [
  ['Swedish Gmail', 'Den tis 3 dec. 2024 kl 15:00 skrev Rapport <reply+a@rapport.test>:'],
  ['Danish Apple Mail', 'Den 3. dec. 2024 kl. 15.00 skrev Rapport <reply+a@rapport.test>:'],
  ['Norwegian', 'tir. 3. des. 2024 kl. 15:00 skrev Rapport <reply+a@rapport.test>:'],
  ['Italian Gmail', 'Il giorno mar 3 dic 2024 alle ore 15:00 Rapport <reply+a@rapport.test> ha scritto:'],
  ['Russian Gmail (no verb)', 'вт, 3 дек. 2024 г. в 15:00, Rapport <reply+a@rapport.test>:'],
  ['Ukrainian', 'вт, 3 груд. 2024 р. о 15:00 Rapport <reply+a@rapport.test> пише:'],
  ['Japanese Gmail', '2024年12月3日(火) 15:00 Rapport <reply+a@rapport.test>:'],
  ['Chinese Gmail', 'Rapport <reply+a@rapport.test> 于2024年12月3日周二 15:00写道：'],
  ['Korean Gmail', '2024년 12월 3일 (화) 오후 3:00, Rapport <reply+a@rapport.test>님이 작성:'],
  ['Turkish Gmail', 'Rapport <reply+a@rapport.test>, 3 Ara 2024 Sal, 15:00 tarihinde şunu yazdı:'],
  ['Hebrew Gmail', '\u200fבתאריך יום ג׳, 3 בדצמ׳ 2024 ב-15:00 מאת \u202aRapport\u202c <\u200ereply+a@rapport.test\u200e>:'],
  ['Croatian', 'uto, 3. pro 2024. u 15:00 Rapport <reply+a@rapport.test> napisao je:'],
  ['Catalan', 'El dt., 3 de des. 2024 a les 15:00, Rapport (<reply+a@rapport.test>) va escriure:'],
  ['Indonesian', 'Pada tanggal Sel, 3 Des 2024 pukul 15.00 Rapport <reply+a@rapport.test> menulis:'],
  ['Vietnamese', 'Vào Th 3, 3 thg 12, 2024 vào lúc 15:00 Rapport <reply+a@rapport.test> đã viết:'],
  ['Lithuanian', '2024-12-03, an, 15:00, Rapport <reply+a@rapport.test> rašė:'],
  ['Thunderbird (date first)', '03.12.2024 15:00, Rapport wrote:'],
  ['wrapped over three lines', 'Le mardi 3 décembre 2024 à\n15:00, Rapport <reply+a@rapport.test>\na écrit :'],
];

const QUOTE = '\n\n> Prep brief: coffee chat with Jane Doe (Acme)\n> Tue 3 Dec 15:00 (Europe/Berlin)\n';

describe('quote headers in languages the corpus does not have', () => {
  test.each(QUOTE_HEADERS)('%s', (_name, header) => {
    expect(extractReplyText(`sent\nShe liked the portfolio.\n\n${header}${QUOTE}`)).toBe('sent\nShe liked the portfolio.');
  });

  test.each(QUOTE_HEADERS)('%s, with the quote not marked by ">"', (_name, header) => {
    const text = `done\n\n${header}\n\nPrep brief: coffee chat with Jane Doe (Acme)\nTue 3 Dec 15:00 (Europe/Berlin)\n`;
    expect(extractReplyText(text)).toBe('done');
  });
});

const HEADER_BLOCKS: [string, string][] = [
  ['Italian', 'Da: Rapport <reply+a@rapport.test>\nInviato: martedì 3 dicembre 2024 15:00\nA: Sam Lee\nOggetto: Prep brief'],
  ['Swedish', 'Från: Rapport <reply+a@rapport.test>\nSkickat: den 3 december 2024 15:00\nTill: Sam Lee\nÄmne: Prep brief'],
  ['Danish', 'Fra: Rapport <reply+a@rapport.test>\nSendt: 3. december 2024 15:00\nTil: Sam Lee\nEmne: Prep brief'],
  [
    'Finnish',
    'Lähettäjä: Rapport <reply+a@rapport.test>\nLähetetty: tiistai 3. joulukuuta 2024 15.00\nVastaanottaja: Sam Lee\nAihe: Prep brief',
  ],
  ['Polish', 'Od: Rapport <reply+a@rapport.test>\nWysłano: wtorek, 3 grudnia 2024 15:00\nDo: Sam Lee\nTemat: Prep brief'],
  ['Czech', 'Od: Rapport <reply+a@rapport.test>\nOdesláno: úterý 3. prosince 2024 15:00\nKomu: Sam Lee\nPředmět: Prep brief'],
  ['Hungarian', 'Feladó: Rapport <reply+a@rapport.test>\nElküldve: 2024. december 3., kedd 15:00\nCímzett: Sam Lee\nTárgy: Prep brief'],
  ['Russian', 'От: Rapport <reply+a@rapport.test>\nОтправлено: 3 декабря 2024 г. 15:00\nКому: Sam Lee\nТема: Prep brief'],
  ['Turkish', 'Kimden: Rapport <reply+a@rapport.test>\nGönderildi: 3 Aralık 2024 Salı 15:00\nKime: Sam Lee\nKonu: Prep brief'],
  ['Japanese', '差出人: Rapport <reply+a@rapport.test>\n送信日時: 2024年12月3日 15:00\n宛先: Sam Lee\n件名: Prep brief'],
  ['Chinese', '发件人: Rapport <reply+a@rapport.test>\n发送时间: 2024年12月3日 15:00\n收件人: Sam Lee\n主题: Prep brief'],
  [
    'Korean',
    '보낸 사람: Rapport <reply+a@rapport.test>\n보낸 날짜: 2024년 12월 3일 화요일 오후 3:00\n받는 사람: Sam Lee\n제목: Prep brief',
  ],
  ['Hebrew', 'מאת: Rapport <reply+a@rapport.test>\nנשלח: יום שלישי 3 דצמבר 2024 15:00\nאל: Sam Lee\nנושא: Prep brief'],
  ['Greek', 'Από: Rapport <reply+a@rapport.test>\nΣτάλθηκε: Τρίτη, 3 Δεκεμβρίου 2024 15:00\nΠρος: Sam Lee\nΘέμα: Prep brief'],
  [
    'Spanish, bold',
    '*De:* Rapport <reply+a@rapport.test>\n*Enviado:* martes, 3 de diciembre de 2024 15:00\n*Para:* Sam Lee\n*Asunto:* Prep brief',
  ],
  [
    'Dutch, after a rule',
    '________________________________\nVan: Rapport <reply+a@rapport.test>\nVerzonden: dinsdag 3 december 2024 15:00',
  ],
  [
    'Portuguese, after a rule',
    '------------------------------\nDe: Rapport <reply+a@rapport.test>\nEnviado: terça-feira, 3 de dezembro de 2024 15:00\nPara: Sam Lee\nAssunto: Prep brief',
  ],
];

describe('Outlook header blocks in other languages', () => {
  test.each(HEADER_BLOCKS)('%s', (_name, block) => {
    expect(extractReplyText(`cancel\n\nThanks,\nSam\n\n${block}\n\nYour coffee chat with Jane Doe is tomorrow.\n`)).toBe(
      'cancel\n\nThanks,\nSam',
    );
  });
});

const SEPARATORS = [
  '-----Messaggio originale-----',
  '-----Ursprungligt meddelande-----',
  '-----Oprindelig meddelelse-----',
  '-----Alkuperäinen viesti-----',
  '-----Wiadomość oryginalna-----',
  '-----Původní zpráva-----',
  '-----Исходное сообщение-----',
  '---------- Forwarded message ---------',
  '-------- Mensagem original --------',
  'Begin forwarded message:',
  'Début du message réexpédié :',
  'Inizio messaggio inoltrato:',
];

describe('"Original message" separators and forward markers', () => {
  test.each(SEPARATORS)('%s', (separator) => {
    expect(extractReplyText(`role: Staff engineer\n\n${separator}\nFrom: Rapport\nYour coffee chat with Jane Doe is tomorrow.`)).toBe(
      'role: Staff engineer',
    );
  });
});

const DEVICE_SIGNATURES = [
  'Sent from my iPhone',
  'Sent from my Galaxy',
  'Sent from my Samsung Galaxy smartphone.',
  'Get Outlook for Android',
  'Get Outlook for iOS<https://aka.ms/o0ukef>',
  'Von meinem iPhone gesendet',
  'Gesendet von meinem Huawei Handy',
  'Envoyé de mon iPhone',
  'Envoyé de mon appareil Galaxy',
  'Enviado desde mi iPhone',
  'Enviado desde mi teléfono Samsung Galaxy',
  'Obtener Outlook para Android',
  'Inviato da iPhone',
  'Scarica Outlook per Android',
  'Verstuurd vanaf mijn iPhone',
  'Skickat från min iPhone',
  'Sendt fra min iPhone',
  'Hent Outlook til Android',
  'Odesláno z iPhonu',
  'Odoslané z iPhonu',
  'Trimis de pe iPhone-ul meu',
  'Отправлено с iPhone',
  'Надіслано з iPhone',
  'Στάλθηκε από το iPhone μου',
  "iPhone'umdan gönderildi",
  'Poslano s mog iPhonea',
  'Dikirim dari iPhone saya',
  'Được gửi từ iPhone của tôi',
  'iPhoneから送信',
  '从我的iPhone发送',
  '내 iPhone에서 보냄',
  'נשלח מה-iPhone שלי',
  'أُرسلت من الـ iPhone',
  'Enviat des del meu iPhone',
];

describe('device and app signatures in many languages', () => {
  test.each(DEVICE_SIGNATURES)('%s', (signature) => {
    expect(extractReplyText(`Great chat, she mentioned the spring hiring round.\n\n${signature}\n`)).toBe(
      'Great chat, she mentioned the spring hiring round.',
    );
  });

  test('a "-- " block goes, with everything below it', () => {
    expect(extractReplyText('sent\n\n-- \nSam Lee\nProduct designer\n+49 30 1234567')).toBe('sent');
  });
});

describe("what the user wrote stays, even when it looks like a client's line", () => {
  test.each([
    'Sent it, thanks!',
    'just sent it',
    'Sent the note from my phone, thanks',
    'Here is my schedule for 4 March:\nThursday 3pm works.',
    'company: Acme\nrole: Staff engineer\nfrom: the referral Jane gave me',
    'On Thursday she said:\nthe team hires in spring.',
    'Thanks so much,\nEva',
    'Cheers\n— Jane',
    'moved to Friday 10am',
  ])('%s', (text) => {
    expect(extractReplyText(text)).toBe(text);
  });

  test('a personal sign-off above the quote stays', () => {
    expect(
      extractReplyText(
        'Klingt gut!\n\nViele Grüße\nEva\n\nVon meinem iPhone gesendet\n\nAm 03.12.2024 um 15:00 schrieb Rapport <reply+a@rapport.test>:\n> Hallo',
      ),
    ).toBe('Klingt gut!\n\nViele Grüße\nEva');
  });
});

describe('bottom posting', () => {
  test('keeps the text below a quote whose header is in Italian', () => {
    expect(
      extractReplyText(
        'Il giorno mar 3 dic 2024 alle ore 15:00 Rapport <reply+a@rapport.test> ha scritto:\n> Prep brief\n> Domani alle 15:00\n\nsent\nGrazie!',
      ),
    ).toBe('sent\nGrazie!');
  });
});

describe('untrusted input', () => {
  // A backtracking pattern would not finish within the test's time-out on these.
  test('long lines of colons, digits, dashes and at-signs are read, and what the user wrote is kept', () => {
    const hostile = `ok\n${'1@a.b 12:00 '.repeat(20_000)}\n${'-'.repeat(100_000)}x\n${'From: x\n'.repeat(5_000)}`;
    expect(extractReplyText(hostile).startsWith('ok\n1@a.b 12:00')).toBe(true);
  });
});
