/**
 * The words mail clients put around a quoted message, in the languages they are localised to.
 * Reply extraction recognises quotes by their structure (a header that ends in a colon and names a
 * date and a sender, a block of `Label: value` lines, a rule of dashes); these tables only confirm
 * that a line has that role. Written for Rapport after reading the language tables of published
 * reply parsers (mailgun/talon, crisp-oss/email-reply-parser, zapier/email-reply-parser) and the
 * clients' own strings; entries are matched after {@link foldText}, so accents and case do not
 * matter ("Envoye" is "Envoyé").
 */

/** Lower case without diacritics (Latin, Greek, Arabic), bidi marks or non-breaking spaces: how every table is matched. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .toLowerCase();
}

/** Field kinds of a forwarded or quoted message's header block (Outlook, webmail, Samsung…). */
export type HeaderField = 'from' | 'sent' | 'to' | 'cc' | 'subject' | 'replyTo';

/** Localised labels of the header block, by language: [from, sent/date, to, cc, subject]. */
const HEADER_LABELS_BY_LANGUAGE: Record<string, Partial<Record<HeaderField, string[]>>> = {
  en: { from: ['from'], sent: ['sent', 'date'], to: ['to'], cc: ['cc', 'bcc'], subject: ['subject'], replyTo: ['reply-to', 'reply to'] },
  de: { from: ['von'], sent: ['gesendet', 'datum'], to: ['an'], cc: ['cc', 'kopie'], subject: ['betreff'], replyTo: ['antwort an'] },
  fr: { from: ['de', 'expéditeur'], sent: ['envoyé', 'date', 'envoyé le'], to: ['à', 'a', 'destinataire'], cc: ['cc'], subject: ['objet', 'sujet'], replyTo: ['répondre à'] },
  es: { from: ['de', 'remitente'], sent: ['enviado', 'fecha', 'enviado el'], to: ['para', 'a'], cc: ['cc'], subject: ['asunto'], replyTo: ['responder a'] },
  pt: { from: ['de'], sent: ['enviado', 'enviada', 'data', 'enviado em'], to: ['para'], cc: ['cc'], subject: ['assunto'], replyTo: ['responder a'] },
  it: { from: ['da', 'mittente'], sent: ['inviato', 'data', 'inviato il'], to: ['a'], cc: ['cc'], subject: ['oggetto'], replyTo: ['rispondi a'] },
  nl: { from: ['van'], sent: ['verzonden', 'datum', 'verstuurd'], to: ['aan'], cc: ['cc'], subject: ['onderwerp'], replyTo: ['antwoord aan'] },
  sv: { from: ['från'], sent: ['skickat', 'datum'], to: ['till'], cc: ['kopia'], subject: ['ämne'] },
  da: { from: ['fra'], sent: ['sendt', 'dato'], to: ['til'], cc: ['cc'], subject: ['emne'] },
  nb: { from: ['fra'], sent: ['sendt', 'dato'], to: ['til'], cc: ['kopi'], subject: ['emne'] },
  fi: { from: ['lähettäjä'], sent: ['lähetetty', 'päivämäärä'], to: ['vastaanottaja'], cc: ['kopio'], subject: ['aihe'] },
  pl: { from: ['od'], sent: ['wysłano', 'data', 'wysłane'], to: ['do'], cc: ['dw', 'kopia'], subject: ['temat'] },
  cs: { from: ['od'], sent: ['odesláno', 'datum'], to: ['komu'], cc: ['kopie'], subject: ['předmět'] },
  sk: { from: ['od'], sent: ['odoslané', 'dátum'], to: ['komu'], cc: ['kópia'], subject: ['predmet'] },
  hu: { from: ['feladó'], sent: ['elküldve', 'küldve', 'dátum'], to: ['címzett'], cc: ['másolatot kap', 'másolat'], subject: ['tárgy'] },
  ro: { from: ['de la'], sent: ['trimis', 'dată', 'data'], to: ['către'], cc: ['cc'], subject: ['subiect'] },
  ru: { from: ['от', 'отправитель'], sent: ['отправлено', 'дата'], to: ['кому'], cc: ['копия'], subject: ['тема'] },
  uk: { from: ['від'], sent: ['надіслано', 'дата'], to: ['кому'], cc: ['копія'], subject: ['тема'] },
  bg: { from: ['от'], sent: ['изпратено', 'дата'], to: ['до'], cc: ['копие'], subject: ['относно'] },
  el: { from: ['από'], sent: ['στάλθηκε', 'ημερομηνία'], to: ['προς'], cc: ['κοιν', 'κοιν.'], subject: ['θέμα'] },
  tr: { from: ['kimden', 'gönderen'], sent: ['gönderildi', 'gönderilme', 'tarih'], to: ['kime', 'alıcı'], cc: ['bilgi'], subject: ['konu'] },
  hr: { from: ['šalje', 'od'], sent: ['poslano', 'datum'], to: ['prima', 'za'], cc: ['kopija'], subject: ['predmet'] },
  sl: { from: ['od'], sent: ['poslano', 'datum'], to: ['za'], cc: ['kp'], subject: ['zadeva'] },
  lt: { from: ['nuo'], sent: ['išsiųsta', 'data'], to: ['kam'], cc: ['kopija'], subject: ['tema'] },
  lv: { from: ['no'], sent: ['nosūtīts', 'datums'], to: ['kam'], cc: ['kopija'], subject: ['tēma'] },
  et: { from: ['saatja'], sent: ['saadetud', 'kuupäev'], to: ['adressaat', 'saaja'], cc: ['koopia'], subject: ['teema'] },
  ca: { from: ['de'], sent: ['enviat', 'data'], to: ['per a'], cc: ['a/c'], subject: ['assumpte'] },
  id: { from: ['dari'], sent: ['dikirim', 'tanggal'], to: ['kepada'], cc: ['cc'], subject: ['perihal', 'subjek'] },
  vi: { from: ['từ'], sent: ['đã gửi', 'ngày'], to: ['đến'], cc: ['cc'], subject: ['chủ đề'] },
  ar: { from: ['من'], sent: ['تم الإرسال', 'التاريخ', 'أرسلت'], to: ['إلى'], cc: ['نسخة'], subject: ['الموضوع'] },
  he: { from: ['מאת'], sent: ['נשלח', 'תאריך'], to: ['אל'], cc: ['עותק'], subject: ['נושא'] },
  ja: { from: ['差出人', '送信者'], sent: ['送信日時', '日付'], to: ['宛先'], cc: ['cc'], subject: ['件名'] },
  zh: { from: ['发件人', '寄件者', '發件人'], sent: ['发送时间', '寄件日期', '日期', '时间'], to: ['收件人', '收件者'], cc: ['抄送', '副本'], subject: ['主题', '主旨'] },
  ko: { from: ['보낸 사람'], sent: ['보낸 날짜', '날짜'], to: ['받는 사람'], cc: ['참조'], subject: ['제목'] },
  th: { from: ['จาก'], sent: ['ส่ง', 'วันที่'], to: ['ถึง'], cc: ['สำเนา'], subject: ['เรื่อง'] },
  hi: { from: ['प्रेषक', 'से'], sent: ['भेजा गया', 'दिनांक'], to: ['प्रति', 'को'], subject: ['विषय'] },
};

/** Folded label → field kind, over every language. */
export const HEADER_LABELS: ReadonlyMap<string, HeaderField> = new Map(
  Object.values(HEADER_LABELS_BY_LANGUAGE).flatMap((fields) =>
    (Object.entries(fields) as [HeaderField, string[]][]).flatMap(([field, labels]) => labels.map((label) => [foldText(label), field] as const)),
  ),
);

/** The verb of a quote header ("… wrote:"): evidence that a line ending in a colon names a sender. */
export const WROTE_VERBS: readonly string[] = [
  'wrote', 'writes', 'schrieb', 'geschrieben', 'a écrit', 'écrit', 'escribió', 'ha escrito', 'escreveu', 'ha scritto', 'scrive',
  'schreef', 'skrev', 'kirjoitti', 'napisał', 'napisała', 'napisana', 'napsal', 'napsala', 'napísal', 'napisao', 'napisala', 'napisal',
  'írta', 'a scris', 'написал', 'написала', 'пишет', 'написав', 'написа', 'έγραψε', 'yazdı', 'كتب', 'כתב', 'rašė', 'rakstīja',
  'kirjutas', 'menulis', 'đã viết', 'va escriure', 'scríobh', 'skrifaði', '写道', '寫道', '書きました', 'のメッセージ', '작성', 'เขียน', 'ने लिखा',
].map(foldText);

/** Words of "Begin forwarded message:" and its translations (Apple Mail, iOS). */
export const FORWARD_WORDS: readonly string[] = [
  'forwarded', 'weitergeleitet', 'réexpédié', 'transféré', 'reenviado', 'reencaminhada', 'encaminhada', 'inoltrato', 'doorgestuurd',
  'vidarebefordrat', 'videresendt', 'välitetty', 'przekazywanej', 'přeposlané', 'preposlanej', 'továbbított', 'redirecționat',
  'переадресованного', 'пересылаемое', 'пересланого', 'προωθημένο', 'iletilen', '转发', '轉寄', '転送', '전달된',
].map(foldText);

/** Words that open a wrapped quote header ("On …", "Am …", "Le …"): the header may span lines from here. */
export const HEADER_OPENERS: readonly string[] = [
  'on', 'am', 'le', 'el', 'em', 'il', 'op', 'den', 'på', 'w', 'dne', 'dňa', 'no', 'в', 'у', 'στις', 'в', 'tarihinde', 'op', 'dana',
  'pe', 'la', 'van', 'ngày', 'pada', '在', '于',
].map(foldText);

/**
 * Device and app signatures: a short line naming a device or mail app with a verb of sending or
 * getting ("Sent from my iPhone", "Von meinem iPhone gesendet", "Az iPhone-omról küldve",
 * "Obter o Outlook para Android"). Brands match as word prefixes so inflected forms count
 * ("iPhonesta", "iPhone'a", "iPhonu"), and inside words in scripts without spaces ("从我的iPhone发送").
 */
export const DEVICE_BRANDS: readonly string[] = [
  'iphon', 'ipad', 'ipod', 'android', 'samsung', 'galaxy', 'outlook', 'blackberry', 'huawei', 'xiaomi', 'pixel', 'oneplus',
  'motorola', 'nokia', 'xperia', 'oppo', 'sparrow', 'superhuman', 'proton', 'protonmail', 'airmail', 'bluemail', 'aquamail',
  'fairemail', 'gmx', 'yahoo', 'aol', 'gmail', 'mailbird', 'newton', 'smartphone', 'mobile', 'mobil', 'mobiltelefon', 'handy',
  'telefon', 'phone', 'móvil', 'movil', 'celular', 'telemóvel', 'tablet', 'appareil', 'gerät', 'device', 'ios', 'windows',
  'телефона', 'айфона', 'iphone-a', '手机', '携帯', '휴대폰',
].map(foldText);

/** Verbs of having sent a message, as device signatures phrase them. */
export const SENT_VERBS: readonly string[] = [
  'sent', 'envoyé', 'gesendet', 'enviado', 'enviada', 'inviato', 'verzonden', 'verstuurd', 'skickat', 'sendt', 'lähetetty', 'küldve',
  'wysłane', 'wysłano', 'odesláno', 'odoslané', 'trimis', 'отправлено', 'надіслано', 'изпратено', 'στάλθηκε', 'gönderildi', 'poslano',
  'saadetud', 'išsiųsta', 'nosūtīts', 'dikirim', 'gửi', 'enviat', 'sendur', '发送', '寄出', '送信', '보냄', 'נשלח', 'أرسلت', 'ارسلت',
  'ส่งจาก',
].map(foldText);

/** Verbs of the "Get Outlook for Android" kind; they count only beside the app's name. */
export const GET_APP_VERBS: readonly string[] = [
  'get', 'download', 'obter', 'obtener', 'obtenir', 'beziehen', 'herunterladen', 'holen', 'scarica', 'downloaden', 'hämta', 'hent',
  'hanki', 'pobierz', 'stáhnout', 'stiahnuť', 'descarcă', 'скачать', 'завантажте', 'λήψη', 'indir', 'unduh', '获取', '下载', '入手',
].map(foldText);
