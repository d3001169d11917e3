// The browse traffic of an on-sale as a load test of one would send it
// (issue 17): 70% listings and 30% event pages; of the listings, no filter
// 25%, a category 20%, a city 17%, a day-aligned date window 15%, one word of
// `q` 13%, category and city 10%; a tenth of listings ask for `offset=20`.
// Pure: given the events, it picks paths; bench/browse.ts sends them.

export interface MixEvent {
  id: string;
  name: string;
  category: string;
  venue: { city: string };
}

const DAY_MS = 86_400_000;
const CATEGORIES = ['music', 'sports', 'comedy', 'theater', 'family'];

type Pick = () => string;

function one<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** Picks one of `choices` by weight (weights need not add up to anything). */
function weighted(choices: [number, Pick][]): Pick {
  const total = choices.reduce((sum, [weight]) => sum + weight, 0);
  return () => {
    let at = Math.random() * total;
    for (const [weight, pick] of choices) {
      at -= weight;
      if (at < 0) return pick();
    }
    return choices[choices.length - 1][1]();
  };
}

/** A path picker for the mix over these events, with date windows starting from `today`. */
export function onSaleMix(events: MixEvent[], today = new Date()): Pick {
  const cities = [...new Set(events.map((e) => e.venue.city))];
  const words = [...new Set(events.flatMap((e) => e.name.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length > 2))];
  const day = (offset: number) => new Date(Date.parse(today.toISOString().slice(0, 10)) + offset * DAY_MS).toISOString().slice(0, 10);
  const city = () => encodeURIComponent(one(cities));
  const filter = weighted([
    [25, () => ''],
    [20, () => `category=${one(CATEGORIES)}`],
    [17, () => `city=${city()}`],
    [
      15,
      () => {
        const from = Math.floor(Math.random() * 60);
        return `from=${day(from)}&to=${day(from + one([1, 7, 30]))}`;
      },
    ],
    [13, () => `q=${one(words)}`],
    [10, () => `category=${one(CATEGORIES)}&city=${city()}`],
  ]);
  const listing = () => {
    const query = [filter(), Math.random() < 0.1 ? 'offset=20' : ''].filter(Boolean).join('&');
    return query ? `/events/?${query}` : '/events/';
  };
  return weighted([
    [70, listing],
    [30, () => `/events/${one(events).id}`],
  ]);
}
