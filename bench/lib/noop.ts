// An empty module: the start-up reference for running TypeScript through tsx.
export {};
