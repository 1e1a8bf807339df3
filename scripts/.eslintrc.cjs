module.exports = {
  extends: '../.eslintrc.cjs',
  parserOptions: {
    project: '../test/tsconfig.json',
    tsconfigRootDir: __dirname,
  },
  rules: {
    // chai's expect(x).to.be.true reads as an unused expression
    '@typescript-eslint/no-unused-expressions': 'off',
    '@typescript-eslint/no-explicit-any': 'off',
    '@typescript-eslint/no-unsafe-assignment': 'off',
    '@typescript-eslint/no-unsafe-member-access': 'off',
    '@typescript-eslint/no-unsafe-call': 'off',
    '@typescript-eslint/no-unsafe-argument': 'off',
    'no-console': 'off',
  },
};
