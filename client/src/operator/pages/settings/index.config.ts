export default definePageConfig({ navigationBarTitleText: '菜单与份数' });
