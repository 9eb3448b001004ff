/** `npm run docs:architecture`: rewrites the README's diagram from the source's imports. */
import { writeArchitecture } from './architecture.js';

writeArchitecture();
