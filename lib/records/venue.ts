// A venue: named sections of rows x seats, fixed once created.

export interface SectionLayout {
  name: string;
  rows: number;
  seatsPerRow: number;
}

export interface Venue {
  id: string;
  name: string;
  city: string;
  address: string;
  sections: SectionLayout[];
  createdAt: string;
}
