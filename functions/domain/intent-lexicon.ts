/**
 * The words the reply reader (reply-intent.ts) knows, per language and per role, as data: the
 * reader looks at what role each word of a clause plays (verb, negation, subject, time…) rather
 * than matching one pattern per phrasing. Words are lower-case, without accents, with apostrophes
 * split off as the reader splits them ("didn't" → "did n't", "l'ai" → "l' ai"). A phrase of two
 * words is one entry ("called off"), words separated by " / ". Adding a language is adding a column here.
 */

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The verbs that say a command, by the command they lean to (the email replied to decides "write" and "finish"). */
export const VERB_ROLES = ['send', 'write', 'cancel', 'move', 'finish', 'meet', 'appear'] as const;
export type VerbRole = (typeof VERB_ROLES)[number];

/** The other words a command's clause may hold without saying something else. */
export const WORD_ROLES = ['negation', 'future', 'subject', 'object', 'thanks-object', 'meeting', 'time', 'helper', 'pleasantry'] as const;
export type WordRole = (typeof WORD_ROLES)[number];

export type Role = VerbRole | WordRole;

/** Each role's words, separated by " / " (a phrase keeps its spaces): one line per role. */
type Lexicon = Record<Role, string>;

export const INTENT_LEXICON = {
  en: {
    send: 'sent / send / mailed / emailed / e-mailed / sending / fired off / shot off',
    write: 'wrote / written / messaged / texted / pinged / reached out / followed up / caught up',
    cancel: 'cancel / cancelled / canceled / called off / call off / scrapped / dropped',
    move: 'moved / move / rescheduled / reschedule / postponed / pushed / pushed back / shifted / changed / bumped / instead',
    finish: 'done / finished / complete / completed',
    meet: 'met / happened / took place / went well / went great / went fine / talked / spoke',
    appear: 'show / show up / showed / showed up / turn up / turned up / come / came / join / joined / appear / appeared',
    negation: "not / n't / never / no / nope / yet / dont / didnt / wasnt / havent / hasnt",
    future:
      "'ll / will / shall / going / gonna / should / could / would / might / may / maybe / want / need / have to / tomorrow / later / soon / if / can / must / plan",
    subject: 'i / we / she / he / they / it / this / that / both / you',
    object:
      'it / them / her / him / me / us / to / the / a / my / our / on / with / for / this / that / one / out / off / over / back / in / of / all',
    'thanks-object': 'thank-you / thank you / thankyou / thanks / note / email / e-mail / mail / message / card / draft / letter',
    meeting: 'meeting / call / chat / interview / coffee / conversation / talk / session / appointment / zoom',
    time: 'today / yesterday / last week / last / this week / this morning / this afternoon / this evening / tonight / last night / just / now / already / earlier / ago / hour / hours / minutes / finally / morning / afternoon / evening / right / away / after / before / lunch / as promised',
    helper:
      "have / has / had / was / is / been / got / get / 've / 's / 'm / am / did / do / does / also / so / too / be / were / are / up / and / all / went / ahead",
    pleasantry:
      'thanks / thank / you / sorry / cheers / ok / okay / great / yes / yep / fyi / unfortunately / sadly / btw / anyway / lol / haha / alas / good / news / well / oops / all good / nice / perfect / awesome',
  },
  de: {
    send: 'gesendet / geschickt / verschickt / abgeschickt / gemailt / versendet / schickte / sendete / senden / schicken',
    write: 'geschrieben / schrieb / gemeldet / kontaktiert',
    cancel: 'abgesagt / storniert / gecancelt / absagen / sagte ab / fallt aus / fiel aus / ausgefallen',
    move: 'verschoben / verlegt / verschieben / verlegen / umgelegt / stattdessen',
    finish: 'erledigt / fertig',
    meet: 'getroffen / stattgefunden / gesprochen / lief gut',
    appear: 'erschienen / gekommen / aufgetaucht / kam',
    negation: 'nicht / nie / kein / keine / noch nicht / nein',
    future: 'werde / werden / wird / sollte / soll / muss / morgen / spater / bald / vielleicht / mochte / will / wenn / konnen / konnten',
    subject: 'ich / wir / sie / er / es / das / beide',
    object: 'sie / ihn / es / ihr / ihm / den / die / das / der / dem / meine / meinen / an / mir / uns / auf / zu / ab',
    'thanks-object': 'dankesmail / dankes-mail / dankesnachricht / dankeschon / danke / mail / e-mail / nachricht / email',
    meeting: 'termin / treffen / gesprach / anruf / call / meeting / interview / kaffee / telefonat',
    time: 'heute / gestern / heute morgen / heute fruh / vorhin / eben / gerade / soeben / schon / bereits / endlich / morgens / abends / vor / stunde / stunden / gestern abend',
    helper: 'habe / hab / haben / hat / ist / sind / wurde / wurden / worden / war / waren / auch / und / so / ja',
    pleasantry: 'danke / leider / sorry / gut / super / ok / okay / prima / vielen dank / ubrigens',
  },
  fr: {
    send: 'envoye / envoyee / envoyes / envoyer / expedie / envoie / envoyai / parti / partie',
    write: 'ecrit / ecrite / relance / contacte',
    cancel: 'annule / annulee / annuler / annulons',
    move: 'deplace / deplacee / reporte / reportee / decale / decalee / repousse / repoussee / reprogramme / reprogrammee / avance / avancee / plutot / a la place',
    finish: 'fait / fini / termine / terminee',
    meet: 'rencontre / rencontree / eu lieu / parle / bien passe / vue / vu',
    appear: 'venu / venue / presente / presentee / connecte / connectee / pointe',
    negation: "pas / ne / n' / jamais / non / pas encore / toujours pas",
    future:
      'vais / va / allons / vont / enverrai / demain / plus tard / bientot / peut-etre / dois / devrais / faudrait / peut / peux / pourrait / pourrions / pourrait-on / veux',
    subject: "je / j' / on / nous / elle / il / ils / elles / c / c' / ca / tout",
    object: "l' / le / la / les / lui / leur / a / au / mon / ma / mes / me / m' / ce / cet / cette / de / du / d' / y / en / tout",
    'thanks-object': 'remerciement / remerciements / mail / e-mail / email / courriel / message / mot / merci',
    meeting: 'rendez-vous / rdv / reunion / appel / entretien / cafe / call / echange / visio',
    time: "aujourd'hui / aujourd / hui / hier / ce matin / cet apres-midi / ce soir / hier soir / deja / tout juste / juste / enfin / tout a l / heure / maintenant / matin / soir",
    helper: "ai / as / a / avons / avez / ont / est / sont / ete / etait / s' / se / aussi / et / bien / c / ca",
    pleasantry: 'merci / desole / desolee / malheureusement / ok / super / parfait / bon / voila / bref',
  },
  es: {
    send: 'enviado / enviada / envie / envio / mandado / mandada / mande / mando / enviar / mandar / enviamos',
    write: 'escrito / escribi / escribio / contactado / contacte',
    cancel: 'cancelado / cancelada / cancelo / cancele / cancelar / cancelamos / anulado / anulada / anulo / suspendido / suspendida',
    move: 'movido / movida / movio / movimos / cambiado / cambiada / cambio / aplazado / aplazada / aplazo / pospuesto / pospuesta / pospuso / reprogramado / reprogramada / reprogramo / pasado / paso / pasamos / adelantado / adelanto / en su lugar / mejor el',
    finish: 'hecho / hecha / listo / lista / terminado / terminada',
    meet: 'reunimos / reunido / hablamos / hablado / nos vimos / visto / fue bien / salio bien / tuvo lugar',
    appear: 'vino / venido / aparecio / aparecido / presento / presentado / conecto / conectado / se presento',
    negation: 'no / nunca / todavia no / aun no / jamas',
    future:
      'voy / vamos / va / enviare / manana / luego / despues / pronto / quizas / quiza / tal vez / debo / deberia / tengo que / puedo / podemos / podriamos / quiero',
    subject: 'yo / ella / el / nosotros / ellos / ellas / se',
    object: 'lo / la / los / las / le / les / a / al / mi / mis / me / nos / de / del / el / esta / este / se / para / todo',
    'thanks-object': 'agradecimiento / correo / mensaje / mail / email / e-mail / nota / gracias',
    meeting: 'reunion / llamada / cita / entrevista / cafe / charla / conversacion / videollamada',
    time: 'hoy / ayer / esta manana / esta tarde / anoche / ya / recien / acabo de / acabo / por fin / finalmente / hace / hora / horas / rato / ahora / manana temprano',
    helper: 'he / ha / hemos / han / has / fue / fui / ha sido / sido / es / esta / estaba / tambien / y / que / ya',
    pleasantry: 'gracias / perdon / lo siento / lamentablemente / ok / vale / genial / perfecto / bueno / listo',
  },
  pt: {
    send: 'enviado / enviada / enviei / enviou / mandado / mandada / mandei / mandou / enviar / mandar / enviamos',
    write: 'escrevi / escreveu / escrito / contatei / contactei',
    cancel: 'cancelado / cancelada / cancelou / cancelei / cancelar / cancelamos / desmarcou / desmarcado / desmarcada / desmarquei',
    move: 'remarcado / remarcada / remarcou / remarquei / adiado / adiada / adiou / mudou / mudado / mudada / mudamos / passou / passamos / reagendado / reagendada / reagendou / antecipou / em vez disso / remarcar',
    finish: 'feito / feita / pronto / pronta / concluido / concluida',
    meet: 'encontramos / conversamos / falamos / aconteceu / correu bem / foi bem',
    appear: 'apareceu / veio / compareceu / entrou / apareceram',
    negation: 'nao / nunca / ainda nao / jamais',
    future:
      'vou / vamos / vai / enviarei / amanha / depois / logo / talvez / devo / deveria / tenho que / posso / podemos / podiamos / quero',
    subject: 'eu / ela / ele / nos / eles / elas / a gente',
    object: 'o / a / os / as / lhe / para / pra / meu / minha / me / de / do / da / ao / a ela / a ele / isso / tudo',
    'thanks-object': 'agradecimento / email / e-mail / mensagem / mail / nota / obrigado',
    meeting: 'reuniao / chamada / conversa / entrevista / cafe / call / encontro',
    time: 'hoje / ontem / hoje de manha / esta manha / hoje cedo / ja / agora / finalmente / acabei de / acabei / ha / hora / horas / pouco / manha / noite / ontem a noite',
    helper: 'foi / fui / tenho / tem / temos / esta / sido / e / tambem / ja',
    pleasantry: 'obrigado / obrigada / desculpa / desculpe / infelizmente / ok / beleza / otimo / perfeito',
  },
  it: {
    send: 'inviato / inviata / mandato / mandata / spedito / spedita / inviare / mandare / inviata',
    write: 'scritto / scritta / scrissi / contattato / contattata',
    cancel: 'annullato / annullata / cancellato / cancellata / disdetto / disdetta / annullare / saltato / saltata',
    move: 'spostato / spostata / rinviato / rinviata / posticipato / posticipata / anticipato / anticipata / riprogrammato / riprogrammata / cambiato / cambiata / invece',
    finish: 'fatto / fatta / finito / finita / completato',
    meet: 'incontrati / incontrata / incontrato / parlato / sentiti / andato bene / andata bene / avvenuto',
    appear: 'venuto / venuta / presentato / presentata / collegato / collegata / arrivato / arrivata / presentato',
    negation: 'non / mai / ancora / non ancora / no',
    future: 'vado / andiamo / inviero / mandero / domani / dopo / presto / forse / devo / dovrei / posso / possiamo / potremmo / voglio',
    subject: 'io / lei / lui / noi / loro',
    object: "lo / la / l' / gli / le / li / a / al / alla / mio / mia / mi / ci / il / di / del / della / per / tutto",
    'thanks-object': 'ringraziamento / ringraziamenti / mail / email / e-mail / messaggio / nota / grazie',
    meeting: 'incontro / chiamata / colloquio / appuntamento / riunione / caffe / call / chiacchierata',
    time: "oggi / ieri / stamattina / stamani / ieri sera / gia / appena / finalmente / ora / adesso / fa / un / un' / mattina / sera",
    helper: "ho / ha / abbiamo / hanno / e / stato / stata / era / anche / s' / sono",
    pleasantry: 'grazie / scusa / purtroppo / ok / perfetto / ottimo / bene',
  },
  nl: {
    send: 'verstuurd / gestuurd / verzonden / gemaild / opgestuurd / stuurde / verstuurde / versturen / sturen',
    write: 'geschreven / schreef / gecontacteerd / gebeld',
    cancel: 'geannuleerd / afgezegd / annuleren / afzeggen / gaat niet door / ging niet door / gecanceld',
    move: 'verplaatst / verzet / uitgesteld / verschoven / omgezet / verplaatsen / veranderd / in plaats daarvan',
    finish: 'gedaan / klaar / afgerond',
    meet: 'gesproken / ontmoet / gezien / ging goed / heeft plaatsgevonden / plaatsgevonden',
    appear: 'gekomen / kwam / verschenen / opgedaagd / komen',
    negation: 'niet / nooit / geen / nog niet / nee',
    future: 'ga / gaan / zal / zullen / morgen / later / straks / binnenkort / misschien / moet / moeten / zou / als / kan / kunnen / wil',
    subject: 'ik / we / wij / ze / zij / hij / het / dat / beiden',
    object: 'hem / haar / het / ze / de / een / mijn / me / mij / naar / aan / op / die / dat / alles',
    'thanks-object': 'bedankje / bedankmail / mail / mailtje / e-mail / email / bericht / berichtje / dankjewel',
    meeting: 'afspraak / gesprek / meeting / call / koffie / interview / belafspraak',
    time: 'vandaag / gisteren / vanochtend / vanmorgen / vanmiddag / gisteravond / al / net / zojuist / eindelijk / nu / geleden / uur / ochtend / avond',
    helper: 'si / heb / hebben / heeft / is / zijn / was / werd / ook / en / toch',
    pleasantry: 'bedankt / dank / dankjewel / sorry / helaas / ok / oke / prima / top / super',
  },
} as const satisfies Record<Language, Lexicon>;

/**
 * Lines that say nothing to act on or keep: greetings, thanks, sign-offs, acknowledgements, in
 * every language above. Compared whole, without accents or the closing punctuation.
 */
export const NOTHING_LINES: Record<'greeting' | 'thanks' | 'sign-off' | 'acknowledgement', string> = {
  greeting:
    'hi / hello / hey / hi there / hello there / hey there / dear rapport / hi rapport / hello rapport / good morning / good afternoon / good evening / hallo / hi zusammen / guten morgen / guten tag / moin / servus / bonjour / salut / bonsoir / coucou / hola / buenos dias / buenas / buenas tardes / ola / oi / bom dia / boa tarde / ciao / salve / buongiorno / buonasera / hoi / hallo daar / goedemorgen / goedemiddag / dag',
  thanks:
    'thanks / thank you / thanks a lot / thank you so much / many thanks / thanks so much / thx / ty / thanks again / thanks! / danke / danke schon / vielen dank / danke dir / merci / merci beaucoup / merci bien / gracias / muchas gracias / obrigado / obrigada / muito obrigado / muito obrigada / grazie / grazie mille / bedankt / dank je / dank je wel / dankjewel / dank u / hartelijk dank',
  'sign-off':
    'best / best regards / kind regards / regards / warm regards / warmly / cheers / all the best / best wishes / sincerely / yours / thanks and regards / talk soon / br / viele grusse / liebe grusse / beste grusse / mit freundlichen grussen / lg / vg / gruss / grusse / cordialement / bien a vous / bien cordialement / bises / a bientot / saludos / un saludo / atentamente / abrazos / un abrazo / atenciosamente / abracos / abraco / cumprimentos / cordiali saluti / saluti / un saluto / a presto / met vriendelijke groet / groeten / groetjes / mvg / hartelijke groet / sent from my iphone / sent from my ipad / sent from my phone / sent from my android / sent from outlook for ios / sent from outlook for android / get outlook for ios / von meinem iphone gesendet / envoye de mon iphone / enviado desde mi iphone / enviado do meu iphone / inviato da iphone / verzonden vanaf mijn iphone',
  acknowledgement:
    "ok / okay / k / got it / great / perfect / sounds good / cool / noted / yes / yep / sure / alles klar / gut / super / prima / parfait / d'accord / ok merci / vale / perfecto / genial / beleza / otimo / perfeito / va bene / perfetto / ottimo / oke / top / helemaal goed",
};
