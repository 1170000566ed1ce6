import { demand } from '../tier-needs';

demand('chromium');
