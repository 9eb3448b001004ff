/** The client matrix in one sentence. */
export const CLIENT_WORDS = {
  allFine: 'every client checked lists (see the matrix for each)',
  fine: '{clients} users are fine',
  setting: '{clients} work with a setting',
  failing: '{clients} users fail or hang',
  unknown: 'what the probe saw does not tell how clients fare',
  undecided: 'could not tell for {clients}',
  byAddress:
    'differs by address ({outcomes}): it depends on which address the client connects to first, and whether it tries the next after a failure',
  vantage: 'This holds for clients where this probe ran.',
  vantageAnalysis: "This holds for clients on the same network as this session's client.",
  outcomes: {
    works: 'works',
    fails: 'fails',
    'works-with-setting': 'works with a setting',
    'could-not-tell': 'could not tell',
    'not-supported': 'not supported',
  },
} as const;
