import { describeFaultsAtEveryCall } from '../support/fault-scenarios';

describeFaultsAtEveryCall('a reply that cancels');
