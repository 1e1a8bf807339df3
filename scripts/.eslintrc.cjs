// Scripts are linted like tests: test/tsconfig.json includes scripts/, and the rules that suit test code suit them.
module.exports = require('../test/.eslintrc.cjs');
