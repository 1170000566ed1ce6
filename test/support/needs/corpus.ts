import { demand } from '../tier-needs';

demand('corpus');
