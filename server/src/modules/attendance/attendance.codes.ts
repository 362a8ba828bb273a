import { RotatingCodes } from '../../platform/rotating-codes';

/** Rotating check-in codes of a shift (see RotatingCodes); the subject is the shift id. */
export class CheckInCodes extends RotatingCodes {
  constructor(secret: string, windowSeconds: number) {
    super(secret, windowSeconds, 'checkin');
  }
}
