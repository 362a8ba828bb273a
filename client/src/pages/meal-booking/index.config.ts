export default definePageConfig({ navigationBarTitleText: '为老人订餐' });
