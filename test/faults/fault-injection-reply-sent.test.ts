import { describeFaultsAtEveryCall } from '../support/fault-scenarios';

describeFaultsAtEveryCall('a reply with a note and "sent"');
