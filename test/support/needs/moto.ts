import { demand } from '../tier-needs';

demand('moto');
