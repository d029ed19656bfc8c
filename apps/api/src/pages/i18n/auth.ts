import { defineMessages } from './catalogue';

/** Signing in and out of the console. */
export const auth = defineMessages(
  {
    'login.title': '组织者登录',
    'login.email': '邮箱',
    'login.password': '密码',
    'login.submit': '登录',
    'login.noAccount': '还没有账号？',
    'login.forgot': '忘记密码？',
    'logout.done': '你已退出登录。',
  },
  {
    'login.title': 'Organizer log in',
    'login.email': 'Email',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.noAccount': 'No account yet?',
    'login.forgot': 'Forgot your password?',
    'logout.done': 'You are logged out.',
  },
);
