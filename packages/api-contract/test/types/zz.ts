import type { RouterInputs } from '../../src';
const x: RouterInputs['tasks']['list'] = 5;
