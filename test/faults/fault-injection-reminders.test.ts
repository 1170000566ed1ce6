import { describeFaultsAtEveryCall } from '../support/fault-scenarios';

describeFaultsAtEveryCall('the reminders and the weekly digest firing');
