// The types matching reads from other modules' ports (type-only imports keep the modules apart).
export type { VolunteerMatchFacts } from '../../volunteers';
export type { EnrollmentChange } from '../../enrollments';
