/** Professions of facilitators and referring clinicians (the study's groups, plus peer specialists). */
export const PROFESSIONS = [
  'nurse',
  'social-worker',
  'doctor',
  'psychologist',
  'occupational-therapist',
  'educator',
  'peer-specialist',
  'other',
] as const;

export type Profession = (typeof PROFESSIONS)[number];
