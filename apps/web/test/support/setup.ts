import { configure } from '@testing-library/react';

// Testing Library's `findBy…`/`waitFor` give up after 1 s by default. That is a safety net, not an
// assertion: on a loaded 2-core CI machine the first persona list of a file can take longer to render.
configure({ asyncUtilTimeout: 5_000 });
