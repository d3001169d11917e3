// A venue: named sections of rows x seats, fixed once created.

/** Where a section sits on the venue's plan: percentages of a plan whose top edge is the stage. */
export interface SectionPlace {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SectionLayout {
  name: string;
  rows: number;
  seatsPerRow: number;
  layout?: SectionPlace;
}

export interface Venue {
  id: string;
  name: string;
  city: string;
  address: string;
  sections: SectionLayout[];
  createdAt: string;
}
