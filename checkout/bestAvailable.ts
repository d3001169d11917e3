// "Best available" for `{section, quantity}` holds: the same row, side by
// side, as close to the front as possible, and near the middle of the row;
// where no row has enough seats together, the tightest group across the
// fewest rows nearest the front.

export interface Place {
  id: string;
  row: number;
  number: number;
}

/** The best `quantity` free seats of one section of an event's seats, or null if it has too few. */
export function bestInSection(seats: (Place & { section: string; state: string })[], section: string, quantity: number): string[] | null {
  const inSection = seats.filter((seat) => seat.section === section);
  const free = inSection.filter((seat) => seat.state === 'available');
  return bestAvailable(free, quantity, Math.max(0, ...inSection.map((seat) => seat.number)));
}

export function bestAvailable(available: Place[], quantity: number, seatsPerRow: number): string[] | null {
  if (quantity < 1 || available.length < quantity) return null;
  const sorted = [...available].sort((a, b) => a.row - b.row || a.number - b.number);
  return adjacentInOneRow(sorted, quantity, seatsPerRow) ?? tightestGroup(sorted, quantity);
}

function adjacentInOneRow(sorted: Place[], quantity: number, seatsPerRow: number): string[] | null {
  const middle = (seatsPerRow + 1) / 2;
  let best: { ids: string[]; row: number; offCentre: number } | null = null;
  for (let start = 0; start + quantity <= sorted.length; start++) {
    const first = sorted[start];
    const last = sorted[start + quantity - 1];
    if (last.row !== first.row || last.number - first.number !== quantity - 1) continue;
    const offCentre = Math.abs((first.number + last.number) / 2 - middle);
    if (!best || first.row < best.row || (first.row === best.row && offCentre < best.offCentre)) {
      best = { ids: sorted.slice(start, start + quantity).map((p) => p.id), row: first.row, offCentre };
    }
  }
  return best?.ids ?? null;
}

/** The run of `quantity` seats (in row order) spanning the fewest rows, then the front-most. */
function tightestGroup(sorted: Place[], quantity: number): string[] {
  let bestStart = 0;
  let bestSpan = Infinity;
  for (let start = 0; start + quantity <= sorted.length; start++) {
    const span = sorted[start + quantity - 1].row - sorted[start].row;
    if (span < bestSpan) {
      bestSpan = span;
      bestStart = start;
    }
  }
  return sorted.slice(bestStart, bestStart + quantity).map((p) => p.id);
}
