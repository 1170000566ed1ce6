import { isIanaZone } from './model';

/**
 * What people write for a time zone, to the IANA zone Rapport keeps: an IANA name in any case
 * ("europe/berlin"), a city ("Berlin", "New York", "Munich"), a common name or abbreviation
 * ("Eastern Time", "CET", "PST"), or a fixed offset ("UTC+1", "GMT-5"). Abbreviations name a
 * region, not an offset: "CET" is Berlin's zone, summer time included, and the answer says so.
 */

type ZoneReading = { zone: string; readAs: 'iana' | 'city' | 'name' | 'offset' };

/** Longer is not a zone name; the line is a note. */
const MAX_ZONE_TEXT = 64;

const NAMED_ZONES: Record<string, string> = {
  utc: 'UTC',
  z: 'UTC',
  'coordinated universal time': 'UTC',
  gmt: 'Europe/London',
  bst: 'Europe/London',
  'uk time': 'Europe/London',
  'british time': 'Europe/London',
  'greenwich mean time': 'Europe/London',
  cet: 'Europe/Berlin',
  cest: 'Europe/Berlin',
  'central european time': 'Europe/Berlin',
  'central european summer time': 'Europe/Berlin',
  mez: 'Europe/Berlin',
  mesz: 'Europe/Berlin',
  eet: 'Europe/Helsinki',
  eest: 'Europe/Helsinki',
  'eastern european time': 'Europe/Helsinki',
  wet: 'Europe/Lisbon',
  west: 'Europe/Lisbon',
  'western european time': 'Europe/Lisbon',
  msk: 'Europe/Moscow',
  'moscow time': 'Europe/Moscow',
  est: 'America/New_York',
  edt: 'America/New_York',
  et: 'America/New_York',
  eastern: 'America/New_York',
  'eastern time': 'America/New_York',
  'us eastern': 'America/New_York',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  ct: 'America/Chicago',
  central: 'America/Chicago',
  'central time': 'America/Chicago',
  'us central': 'America/Chicago',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  mt: 'America/Denver',
  mountain: 'America/Denver',
  'mountain time': 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  'pacific time': 'America/Los_Angeles',
  'us pacific': 'America/Los_Angeles',
  akst: 'America/Anchorage',
  akdt: 'America/Anchorage',
  'alaska time': 'America/Anchorage',
  hst: 'Pacific/Honolulu',
  'hawaii time': 'Pacific/Honolulu',
  ast: 'America/Halifax',
  adt: 'America/Halifax',
  'atlantic time': 'America/Halifax',
  nst: 'America/St_Johns',
  'newfoundland time': 'America/St_Johns',
  brt: 'America/Sao_Paulo',
  'brasilia time': 'America/Sao_Paulo',
  ist: 'Asia/Kolkata',
  'india time': 'Asia/Kolkata',
  'indian standard time': 'Asia/Kolkata',
  pkt: 'Asia/Karachi',
  gst: 'Asia/Dubai',
  'gulf time': 'Asia/Dubai',
  sgt: 'Asia/Singapore',
  hkt: 'Asia/Hong_Kong',
  'china time': 'Asia/Shanghai',
  'china standard time': 'Asia/Shanghai',
  jst: 'Asia/Tokyo',
  'japan time': 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  'korea time': 'Asia/Seoul',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
  'australian eastern time': 'Australia/Sydney',
  acst: 'Australia/Adelaide',
  acdt: 'Australia/Adelaide',
  awst: 'Australia/Perth',
  nzst: 'Pacific/Auckland',
  nzdt: 'Pacific/Auckland',
  'new zealand time': 'Pacific/Auckland',
  sast: 'Africa/Johannesburg',
  cat: 'Africa/Maputo',
  eat: 'Africa/Nairobi',
  wat: 'Africa/Lagos',
};

/** Cities people name that are not IANA locations themselves. */
const CITY_ALIASES: Record<string, string> = {
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  portland: 'America/Los_Angeles',
  'san diego': 'America/Los_Angeles',
  'silicon valley': 'America/Los_Angeles',
  boston: 'America/New_York',
  washington: 'America/New_York',
  'washington dc': 'America/New_York',
  miami: 'America/New_York',
  atlanta: 'America/New_York',
  philadelphia: 'America/New_York',
  nyc: 'America/New_York',
  austin: 'America/Chicago',
  dallas: 'America/Chicago',
  houston: 'America/Chicago',
  'salt lake city': 'America/Denver',
  munich: 'Europe/Berlin',
  münchen: 'Europe/Berlin',
  frankfurt: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  cologne: 'Europe/Berlin',
  köln: 'Europe/Berlin',
  geneva: 'Europe/Zurich',
  milan: 'Europe/Rome',
  barcelona: 'Europe/Madrid',
  'the hague': 'Europe/Amsterdam',
  manchester: 'Europe/London',
  edinburgh: 'Europe/London',
  'tel aviv': 'Asia/Jerusalem',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  beijing: 'Asia/Shanghai',
  shenzhen: 'Asia/Shanghai',
  'rio de janeiro': 'America/Sao_Paulo',
  montreal: 'America/Toronto',
  ottawa: 'America/Toronto',
};

/** Offsets with no whole-hour Etc zone, by the region that keeps them. */
const PARTIAL_HOUR_OFFSETS: Record<string, string> = {
  '+5:30': 'Asia/Kolkata',
  '+5:45': 'Asia/Kathmandu',
  '+9:30': 'Australia/Darwin',
  '+3:30': 'Asia/Tehran',
  '+4:30': 'Asia/Kabul',
  '-3:30': 'America/St_Johns',
  '+6:30': 'Asia/Yangon',
};

const OFFSET = /^(?:utc|gmt)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/;

let zoneIndex: { byName: Map<string, string>; byCity: Map<string, string> } | undefined;

export function readZoneName(input: string): ZoneReading | undefined {
  const text = input.trim().replace(/\s+/g, ' ').replace(/[.]$/, '');
  if (!text || text.length > MAX_ZONE_TEXT) return undefined;
  const lower = text.toLowerCase();
  const exact = zones().byName.get(lower);
  if (exact && lower.includes('/')) return { zone: exact, readAs: 'iana' };
  if (lower === 'utc') return { zone: 'UTC', readAs: 'iana' };

  const offset = OFFSET.exec(lower);
  if (offset) return fromOffset(offset[1] === '+' ? 1 : -1, Number(offset[2]), Number(offset[3] ?? 0));

  const named = NAMED_ZONES[lower.replace(/\s*\(.*\)$/, '')];
  if (named) return { zone: named, readAs: 'name' };
  const city = CITY_ALIASES[lower] ?? zones().byCity.get(lower.replace(/ /g, '_'));
  return city ? { zone: city, readAs: 'city' } : undefined;
}

function fromOffset(sign: 1 | -1, hours: number, minutes: number): ZoneReading | undefined {
  if (hours > 14 || minutes > 59) return undefined;
  if (minutes !== 0) {
    const zone = PARTIAL_HOUR_OFFSETS[`${sign > 0 ? '+' : '-'}${hours}:${String(minutes).padStart(2, '0')}`];
    return zone ? { zone, readAs: 'offset' } : undefined;
  }
  if (hours === 0) return { zone: 'UTC', readAs: 'offset' };
  // POSIX-style Etc names invert the sign: Etc/GMT-1 is UTC+01:00.
  const zone = `Etc/GMT${sign > 0 ? '-' : '+'}${hours}`;
  return isIanaZone(zone) ? { zone, readAs: 'offset' } : undefined;
}

/** Every IANA name by its lower case, and by its location part ("new_york" → America/New_York); built once. */
function zones(): { byName: Map<string, string>; byCity: Map<string, string> } {
  if (!zoneIndex) {
    const all = Intl.supportedValuesOf('timeZone');
    const regional = all.filter((zone) => /^(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//.test(zone));
    zoneIndex = {
      byName: new Map(all.map((zone) => [zone.toLowerCase(), zone])),
      byCity: new Map(regional.map((zone) => [zone.slice(zone.lastIndexOf('/') + 1).toLowerCase(), zone])),
    };
  }
  return zoneIndex;
}
