import { describeFaultsAtEveryCall } from '../support/fault-scenarios';

describeFaultsAtEveryCall('logging an interview (user, interview, schedules, confirmation)');
