/** SLO math: error budgets and burn rates. Pure functions, no I/O. */
export {
  BudgetInputError,
  budgetConsumedMinutes,
  budgetRemainingMinutes,
  budgetRemainingRatio,
  burnRate,
  errorBudgetMinutes,
} from './budget.ts';
