import { demand } from '../tier-needs';

demand('cfn-lint');
