// Unit specs sit beside the code (src/**/*.spec.ts); e2e specs live in test/ (*.e2e-spec.ts).
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', {}],
    // content-disposition 3 (under @fastify/static, which serves /docs) ships ES modules only;
    // Jest on Node 20 cannot require them, so it is compiled to CommonJS for the tests.
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  testEnvironment: 'node',
  testTimeout: 30000,
};
